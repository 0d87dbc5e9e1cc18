package uptodate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// File is one file a pipe reads or generates: its path as the pattern that
// matched it gives it (relative to the pipe's directory, slash-separated,
// unless the pattern is absolute) and the SHA-256 of its contents.
type File struct {
	Path string `json:"path"`
	Hash string `json:"sha256"`
}

// Expand returns the files that patterns (doublestar globs: `*`, `?`,
// `[abc]`, `{a,b}`, and `**` for any number of directories) match, relative
// to dir unless absolute, sorted and each once; directories are left out.
// empty lists the patterns that match nothing. A pattern that is not a
// valid glob is an error.
func Expand(dir string, patterns []string) (files, empty []string, err error) {
	seen := map[string]bool{}
	for _, pat := range patterns {
		if !doublestar.ValidatePattern(filepath.ToSlash(pat)) {
			return nil, nil, fmt.Errorf("%q is not a valid glob", pat)
		}
		full := pat
		if !filepath.IsAbs(pat) {
			full = filepath.Join(dir, pat)
		}
		// Files only, from the directory entries (no stat per file); a
		// dangling link is kept: reading it says what is wrong.
		matches, err := doublestar.FilepathGlob(full, doublestar.WithFilesOnly())
		if err != nil {
			return nil, nil, fmt.Errorf("glob %q: %w", pat, err)
		}
		for _, m := range matches {
			rel := m
			if !filepath.IsAbs(pat) {
				if r, err := filepath.Rel(dir, m); err == nil {
					rel = r
				}
			}
			rel = filepath.ToSlash(rel)
			if !seen[rel] {
				seen[rel] = true
				files = append(files, rel)
			}
		}
		if len(matches) == 0 {
			empty = append(empty, pat)
		}
	}
	sort.Strings(files)
	return files, empty, nil
}

// HashFiles returns the hash of each of files (as Expand returns them,
// relative to dir). A file that cannot be read is an error that names it.
func HashFiles(dir string, files []string) ([]File, error) {
	out := make([]File, len(files))
	h := sha256.New()
	buf := make([]byte, 16<<10)
	for k, f := range files {
		path := filepath.FromSlash(f)
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		sum, err := hashFile(h, buf, path)
		if err != nil {
			return nil, err
		}
		out[k] = File{Path: f, Hash: sum}
	}
	return out, nil
}

// hashFile is the SHA-256 of the file at path, in hex, read with buf.
func hashFile(h hash.Hash, buf []byte, path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	defer fh.Close()
	h.Reset()
	// A loop of its own: io.CopyBuffer would use the file's WriteTo, which
	// allocates a buffer of its own for every file.
	for {
		n, err := fh.Read(buf)
		h.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
		}
	}
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])), nil
}

// unwrapPath drops the *fs.PathError around err: the message names the
// path already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Inputs is what a pipe's run depends on, as its binding sees it just
// before an attempt.
type Inputs struct {
	Pipe string // the task's name: pipe id, id[key]
	Type string // the pipe's type
	// Args is the pipe's decoded argument struct (a pointer to it).
	Args any
	// Upstreams are the outputs of its direct upstreams, in their order
	// (cty.NilVal for one without).
	Upstreams []cty.Value
	Sources   []File   // its source files, as HashFiles gives them
	Generates []string // its generates patterns
}

// Key is the fingerprint of in: equal keys, equal inputs. A value that
// cannot be hashed (an argument of a kind no pipe type uses) is an error.
func Key(in Inputs) (string, error) {
	h := sha256.New()
	w := &keyWriter{h: h}
	w.str("dagrun-uptodate-1")
	w.str(in.Type)
	w.str(in.Pipe)
	if err := w.value(reflect.ValueOf(in.Args)); err != nil {
		return "", fmt.Errorf("arguments: %w", err)
	}
	w.int(len(in.Upstreams))
	for _, v := range in.Upstreams {
		if err := w.cty(v); err != nil {
			return "", fmt.Errorf("upstream output: %w", err)
		}
	}
	w.int(len(in.Sources))
	for _, f := range in.Sources {
		w.str(f.Path)
		w.str(f.Hash)
	}
	w.int(len(in.Generates))
	for _, g := range in.Generates {
		w.str(g)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// keyWriter writes values to a hash unambiguously: every string is
// preceded by its length, every list by its count.
type keyWriter struct {
	h   hash.Hash
	buf []byte
}

func (w *keyWriter) str(s string) {
	w.buf = strconv.AppendInt(w.buf[:0], int64(len(s)), 10)
	w.buf = append(w.buf, ':')
	w.h.Write(w.buf)
	io.WriteString(w.h, s)
}

func (w *keyWriter) int(n int) { w.str(strconv.Itoa(n)) }

var ctyValueType = reflect.TypeFor[cty.Value]()

// value writes v by reflection: the argument structs of pipe types hold
// strings, numbers, bools, slices, maps, pointers and cty values.
func (w *keyWriter) value(v reflect.Value) error {
	if !v.IsValid() {
		w.str("invalid")
		return nil
	}
	if v.Type() == ctyValueType {
		return w.cty(v.Interface().(cty.Value))
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			w.str("nil")
			return nil
		}
		w.str("ptr")
		return w.value(v.Elem())
	case reflect.Struct:
		t := v.Type()
		w.str("struct " + t.String())
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			w.str(t.Field(i).Name)
			if err := w.value(v.Field(i)); err != nil {
				return fmt.Errorf("%s: %w", t.Field(i).Name, err)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			w.str("nil")
			return nil
		}
		w.int(v.Len())
		for i := range v.Len() {
			if err := w.value(v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if v.IsNil() {
			w.str("nil")
			return nil
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		w.int(len(keys))
		for _, k := range keys {
			if err := w.value(k); err != nil {
				return err
			}
			if err := w.value(v.MapIndex(k)); err != nil {
				return err
			}
		}
	case reflect.String:
		w.str(v.String())
	case reflect.Bool:
		w.str(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.str(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.str(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		w.str(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	default:
		if v.Type() == reflect.TypeFor[*big.Float]() {
			w.str(v.Interface().(*big.Float).Text('g', -1))
			return nil
		}
		return fmt.Errorf("cannot fingerprint a value of type %s", v.Type())
	}
	return nil
}

// cty writes a cty value with its type; sensitive marks are dropped (the
// hash does not reveal the value).
func (w *keyWriter) cty(v cty.Value) error {
	if v == cty.NilVal {
		w.str("nil")
		return nil
	}
	v, _ = v.UnmarkDeep()
	if !v.IsWhollyKnown() {
		return errors.New("a value is not known")
	}
	typ, err := ctyjson.MarshalType(v.Type())
	if err != nil {
		return err
	}
	val, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return err
	}
	w.str(string(typ))
	w.str(string(val))
	return nil
}

// Record is what a pipe's last successful run left: the key of its inputs,
// the files it generated, and its output.
type Record struct {
	Key       string          `json:"key"`
	Generates []File          `json:"generates,omitempty"`
	Type      json.RawMessage `json:"type,omitempty"` // the output's cty type
	Output    json.RawMessage `json:"output,omitempty"`
	Finished  time.Time       `json:"finished"`
}

// OutputValue is the recorded output (cty.NilVal for none).
func (r *Record) OutputValue() (cty.Value, error) {
	if len(r.Type) == 0 {
		return cty.NilVal, nil
	}
	typ, err := ctyjson.UnmarshalType(r.Type)
	if err != nil {
		return cty.NilVal, err
	}
	return ctyjson.Unmarshal(r.Output, typ)
}

// Generated reports whether the files that patterns match under dir are
// those of rec, unchanged: the same paths, the same contents, and at least
// one per pattern.
func (r *Record) Generated(dir string, patterns []string) bool {
	files, empty, err := Expand(dir, patterns)
	if err != nil || len(empty) > 0 || len(files) != len(r.Generates) {
		return false
	}
	now, err := HashFiles(dir, files)
	return err == nil && slices.Equal(now, r.Generates)
}
