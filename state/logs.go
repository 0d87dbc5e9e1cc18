package state

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// logName is the file name of a pipe's log: the task name with every byte but
// letters, digits, '-', '_' and a non-leading '.' written %XX (so `x[3]` is
// `x%5B3%5D.log`), and long names cut and completed with a hash of the whole.
func logName(pipe string) string {
	var b strings.Builder
	for i := 0; i < len(pipe); i++ {
		c := pipe[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.' && i > 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	name := b.String()
	if len(name) > 200 {
		sum := sha256.Sum256([]byte(pipe))
		name = name[:160] + "~" + hex.EncodeToString(sum[:8])
	}
	return name + ".log"
}

// firstLine returns s up to its first newline, marking a cut with " …".
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
