package state

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
)

// upToDateDir is the directory, in a state directory, of the records of
// the pipes' last successful runs (see UpToDateDir).
const upToDateDir = "uptodate"

// UpToDateDir is the directory of the records that make the pipes of the
// pipeline name at path up to date (dagrun.UpToDateOptions.Dir): one per
// pipeline, told apart by its name and absolute path as --resume last
// tells runs apart, since several pipelines may share a state directory.
func (s *Store) UpToDateDir(name, path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	sum := sha256.Sum256([]byte(name + "\x00" + path))
	return filepath.Join(s.dir, upToDateDir, strings.TrimSuffix(logName(name), ".log")+"-"+hex.EncodeToString(sum[:6]))
}
