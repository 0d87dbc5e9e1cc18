package pipes

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"
)

// tailBuffer keeps the last limit bytes written to it. It is written by one
// goroutine and read after that goroutine has finished.
type tailBuffer struct {
	name  string
	limit int
	buf   []byte
	total int64
}

func (b *tailBuffer) Write(p []byte) {
	b.total += int64(len(p))
	if len(p) >= b.limit {
		b.buf = append(b.buf[:0], p[len(p)-b.limit:]...)
		return
	}
	b.buf = append(b.buf, p...)
	// Compact only past twice the limit, so copying stays amortised O(1) a byte.
	if len(b.buf) > 2*b.limit {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-b.limit:]...)
	}
}

func (b *tailBuffer) truncated() bool { return b.total > int64(b.limit) }

// String returns the kept bytes as valid UTF-8: a rune cut by truncation is
// dropped and invalid bytes become U+FFFD, because cty strings are Unicode.
func (b *tailBuffer) String() string {
	p := b.buf
	if len(p) > b.limit {
		p = p[len(p)-b.limit:]
	}
	if b.truncated() {
		for i := 0; i < utf8.UTFMax && len(p) > 0 && !utf8.RuneStart(p[0]); i++ {
			p = p[1:]
		}
	}
	return strings.ToValidUTF8(string(p), "\uFFFD")
}

// readValues reads and parses the $DAGRUN_OUTPUT file; found is false when
// there is no file (the process wrote none, or removed it). On a parse error
// it also returns the values read before the bad line.
func readValues(path string, limit int64) (values map[string]string, found bool, err error) {
	// O_NONBLOCK: a process that swapped the file for a FIFO must not hang us.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil // it wrote nothing we can read
	}
	if err != nil {
		return nil, true, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, true, err
	} else if !fi.Mode().IsRegular() {
		return nil, true, errors.New("not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, true, err
	}
	if int64(len(data)) > limit {
		return nil, true, fmt.Errorf("file is larger than %d bytes", limit)
	}
	values, err = parseValues(string(data))
	return values, true, err
}

// parseValues parses the $DAGRUN_OUTPUT format, the one GitHub Actions uses for
// $GITHUB_OUTPUT:
//
//	key=value            the value is the rest of the line, spaces included
//	key<<DELIMITER       a multi-line value: the lines up to one that is
//	line 1               exactly DELIMITER, joined with "\n"
//	line 2
//	DELIMITER
//
// Lines end with "\n" or "\r\n". Blank lines between entries are ignored. A key
// repeated later replaces the earlier value. Any other line is an error (with
// its 1-based line number): output the process meant to pass on but got wrong
// should fail loudly, not vanish.
func parseValues(data string) (map[string]string, error) {
	values := map[string]string{}
	lines := strings.Split(data, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSuffix(lines[i], "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		eq := strings.IndexByte(line, '=')
		hd := strings.Index(line, "<<")
		switch {
		case hd >= 0 && (eq < 0 || hd < eq):
			key, delim := line[:hd], line[hd+2:]
			if err := checkValueKey(key); err != nil {
				return values, fmt.Errorf("line %d: %w", i+1, err)
			}
			if delim == "" {
				return values, fmt.Errorf("line %d: %q has no delimiter after <<", i+1, line)
			}
			start := i + 1
			end := -1
			for j := start; j < len(lines); j++ {
				if strings.TrimSuffix(lines[j], "\r") == delim {
					end = j
					break
				}
			}
			if end < 0 {
				return values, fmt.Errorf("line %d: no line %q ends the value of %s", i+1, delim, key)
			}
			body := make([]string, 0, end-start)
			for _, l := range lines[start:end] {
				body = append(body, strings.TrimSuffix(l, "\r"))
			}
			values[key] = strings.Join(body, "\n")
			i = end
		case eq >= 0:
			key, value := line[:eq], line[eq+1:]
			if err := checkValueKey(key); err != nil {
				return values, fmt.Errorf("line %d: %w", i+1, err)
			}
			values[key] = value
		default:
			return values, fmt.Errorf("line %d: %q is not key=value", i+1, truncateForError(line))
		}
	}
	return values, nil
}

func checkValueKey(key string) error {
	switch {
	case key == "":
		return errors.New("empty key")
	case strings.TrimSpace(key) != key:
		return fmt.Errorf("key %q has leading or trailing spaces", key)
	case !utf8.ValidString(key):
		return fmt.Errorf("key %q is not valid UTF-8", key)
	}
	return nil
}

func truncateForError(s string) string {
	if len(s) > 80 {
		return strings.ToValidUTF8(s[:80], "") + "…"
	}
	return s
}

// outputPath names the $DAGRUN_OUTPUT file of one attempt. In the run's private
// directory a fresh name is enough (the process creates the file if it writes
// values; a missing file means none), which saves a create and a close per
// attempt; in a shared directory the file is created first (O_EXCL), so that no
// one else can put a link there.
func outputPath(privateDir string) (string, error) {
	if privateDir != "" {
		return filepath.Join(privateDir, "output-"+strconv.FormatUint(rand.Uint64(), 36)), nil
	}
	f, err := os.CreateTemp("", "dagrun-output-*")
	if err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}
