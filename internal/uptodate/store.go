package uptodate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Store holds the records of one pipeline's pipes, a file per pipe (or
// for_each instance) in a directory. It is safe for concurrent use by the
// pipes of a run: each writes its own file.
type Store struct {
	dir string
}

// Open returns the store in dir; the directory is made when the first
// record is saved.
func Open(dir string) *Store { return &Store{dir: dir} }

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

// Load returns the record of task, false if there is none or it cannot be
// read (then the pipe runs, and its success writes a good one).
func (s *Store) Load(task string) (*Record, bool) {
	b, err := os.ReadFile(filepath.Join(s.dir, fileName(task)))
	if err != nil {
		return nil, false
	}
	var r Record
	if json.Unmarshal(b, &r) != nil || r.Key == "" {
		return nil, false
	}
	return &r, true
}

// Save records a success of task: the key of its inputs, the files it
// generated and its output. The file is replaced by a rename.
func (s *Store) Save(task, key string, generates []File, out cty.Value, finished time.Time) error {
	r := Record{Key: key, Generates: generates, Finished: finished.UTC()}
	if out != cty.NilVal {
		v, _ := out.UnmarkDeep()
		typ, err := ctyjson.MarshalType(v.Type())
		if err != nil {
			return err
		}
		val, err := ctyjson.Marshal(v, v.Type())
		if err != nil {
			return err
		}
		r.Type, r.Output = typ, val
	}
	b, err := json.Marshal(&r)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(s.dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(f.Name(), filepath.Join(s.dir, fileName(task)))
	}
	if werr != nil {
		os.Remove(f.Name())
		return fmt.Errorf("recording that %s is up to date: %w", task, werr)
	}
	return nil
}

// Forget removes the record of task (nothing if it has none).
func (s *Store) Forget(task string) {
	os.Remove(filepath.Join(s.dir, fileName(task)))
}

// fileName is the file of task's record: the name with every byte but
// letters, digits, '-', '_' and a non-leading '.' written %XX, long names
// cut and completed with a hash of the whole.
func fileName(task string) string {
	var b strings.Builder
	for i := 0; i < len(task); i++ {
		c := task[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.' && i > 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	name := b.String()
	if len(name) > 200 {
		sum := sha256.Sum256([]byte(task))
		name = name[:160] + "~" + hex.EncodeToString(sum[:8])
	}
	return name + ".json"
}
