package state

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DirName is the name of the state directory beside a pipeline.
const DirName = ".dagrun"

// Last is the run reference that means the most recent run.
const Last = "last"

// Run statuses of a Summary, besides the pipe statuses succeeded, failed and
// cancelled.
const (
	StatusRunning = "running" // the run is in progress (its process holds the lock)
	// StatusAborted: the run's process ended without recording the end of the
	// run (killed, crashed, lost power).
	StatusAborted = "aborted"
	// StatusUnreadable: the run's run.json cannot be read (Summary.Problems
	// says where); only its id and start time are known.
	StatusUnreadable = "unreadable"
)

// File names inside a run's directory.
const (
	summaryFile = "run.json"
	journalFile = "journal.jsonl"
	outputsFile = "outputs.jsonl"
	logsDir     = "logs"
	lockFile    = "lock"
	runsDir     = "runs"
	idLayout    = "20060102T150405Z"
)

// ErrNoRuns is returned when a reference names no run.
var ErrNoRuns = errors.New("no runs")

// Store is a state directory. It is created on disk by the first run started in
// it; reading an absent one finds no runs.
type Store struct {
	dir string
}

// Open returns the store in dir. Nothing is created yet.
func Open(dir string) *Store { return &Store{dir: dir} }

// Dir is the state directory.
func (s *Store) Dir() string { return s.dir }

// DefaultDir returns the state directory of the pipeline at path: DirName in
// the pipeline's directory (path itself when it is a directory).
func DefaultDir(path string) string {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return filepath.Join(path, DirName)
	}
	return filepath.Join(filepath.Dir(path), DirName)
}

func (s *Store) runDir(id string) string { return filepath.Join(s.dir, runsDir, id) }

// Runs returns the summary of every run, oldest first. A run whose summary
// cannot be read is listed with StatusUnreadable and its Problems. The status of a run whose process is gone
// without recording its end is StatusAborted.
func (s *Store) Runs() ([]Summary, error) {
	entries, err := os.ReadDir(filepath.Join(s.dir, runsDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Summary
	for _, e := range entries {
		if !e.IsDir() || !validID(e.Name()) {
			continue
		}
		sum, err := s.summary(e.Name())
		if err != nil {
			if sum.Status != StatusUnreadable {
				continue // gone meanwhile (pruned), or not ours to read
			}
		} else if sum.Finished.IsZero() {
			// Counts so far, from the journal.
			if run, err := s.load(e.Name(), false); err == nil {
				sum = run.Summary
			}
		}
		out = append(out, sum)
	}
	slices.SortFunc(out, func(a, b Summary) int {
		if c := a.Started.Compare(b.Started); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// Resolve turns a run reference into a run id: Last (the most recent run), an
// id, or a prefix of exactly one id.
func (s *Store) Resolve(ref string) (string, error) {
	return s.resolve(ref, func(Summary) bool { return true })
}

// resolve is Resolve among the runs that keep returns true for.
func (s *Store) resolve(ref string, keep func(Summary) bool) (string, error) {
	runs, err := s.Runs()
	if err != nil {
		return "", err
	}
	runs = slices.DeleteFunc(runs, func(r Summary) bool { return !keep(r) })
	if ref == Last {
		if len(runs) == 0 {
			return "", fmt.Errorf("%w in %s", ErrNoRuns, s.dir)
		}
		return runs[len(runs)-1].ID, nil
	}
	var match []string
	for _, r := range runs {
		if r.ID == ref {
			return r.ID, nil
		}
		if ref != "" && strings.HasPrefix(r.ID, ref) {
			match = append(match, r.ID)
		}
	}
	switch len(match) {
	case 0:
		return "", fmt.Errorf("%w: no run %q in %s", ErrNoRuns, ref, s.dir)
	case 1:
		return match[0], nil
	}
	return "", fmt.Errorf("run %q is ambiguous: %s", ref, strings.Join(match, ", "))
}

// summary reads the summary of run id and works out whether it is still
// running. When the file is there but cannot be read, the summary has
// StatusUnreadable, the run's id, its start time (from the id) and the
// problem, and err says the same.
func (s *Store) summary(id string) (Summary, error) {
	var sum Summary
	b, err := os.ReadFile(filepath.Join(s.runDir(id), summaryFile))
	if err != nil {
		// Missing: the run is being started (its directory comes first), or
		// its process was killed in that instant, before it recorded anything.
		return sum, err
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		return unreadable(id, Problem{File: summaryFile, Line: jsonErrorLine(b, err), Err: lineError(err)})
	}
	if sum.Pipeline == "" || sum.Started.IsZero() {
		return unreadable(id, Problem{File: summaryFile, Line: 1, Err: "no pipeline or start time"})
	}
	sum.ID = id
	if sum.Status == StatusRunning && !locked(filepath.Join(s.runDir(id), lockFile)) {
		sum.Status = StatusAborted
	}
	return sum, nil
}

// unreadable is the summary of a run whose run.json cannot be read.
func unreadable(id string, p Problem) (Summary, error) {
	sum := Summary{ID: id, Status: StatusUnreadable, Problems: []Problem{p}}
	stamp, _, _ := strings.Cut(id, "-")
	sum.Started, _ = time.Parse(idLayout, stamp)
	return sum, fmt.Errorf("run %s: %s", id, p)
}

// jsonErrorLine is the line of b where json.Unmarshal found err.
func jsonErrorLine(b []byte, err error) int {
	var off int64
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	off = min(max(off, 0), int64(len(b)))
	return 1 + bytes.Count(b[:off], []byte("\n"))
}

// validID reports whether name looks like a run id.
func validID(name string) bool {
	stamp, suffix, ok := strings.Cut(name, "-")
	if !ok || len(suffix) == 0 {
		return false
	}
	_, err := time.Parse(idLayout, stamp)
	return err == nil
}

// newRunDir creates the directory of a new run, started at now.
func (s *Store) newRunDir(now time.Time) (string, error) {
	if err := os.MkdirAll(filepath.Join(s.dir, runsDir), 0o700); err != nil {
		return "", err
	}
	// Keep run state out of version control, as tools with a cache dir do.
	ignore := filepath.Join(s.dir, ".gitignore")
	if _, err := os.Stat(ignore); errors.Is(err, fs.ErrNotExist) {
		_ = os.WriteFile(ignore, []byte("# dagrun run state\n*\n"), 0o600)
	}
	for range 100 {
		var b [2]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		id := now.UTC().Format(idLayout) + "-" + hex.EncodeToString(b[:])
		err := os.Mkdir(s.runDir(id), 0o700)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if err := os.Mkdir(filepath.Join(s.runDir(id), logsDir), 0o700); err != nil {
			return "", err
		}
		return id, syncDir(filepath.Join(s.dir, runsDir))
	}
	return "", errors.New("cannot find a free run id")
}

// lockRun takes the lock of a run; the returned file holds it until closed (or
// the process ends, however it ends).
func lockRun(dir string) (*os.File, error) {
	f, err := lockFileOf(filepath.Join(dir, lockFile))
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", dir, err)
	}
	if f == nil {
		return nil, fmt.Errorf("locking %s: %w", dir, errLocked)
	}
	return f, nil
}

// errLocked: another process holds the lock.
var errLocked = errors.New("held by another process")

// lockFileOf takes the exclusive lock of the lock file at path, created if
// needed, and writes this process's id in it. It returns nil and no error
// when another process holds the lock.
func lockFileOf(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	ok, err := tryLock(f, false)
	if err != nil || !ok {
		f.Close()
		return nil, err
	}
	pid := []byte(strconv.Itoa(os.Getpid()) + "\n")
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt(pid, 0)
	}
	return f, nil
}

// lockHolder returns the process id written in the lock file at path (0 when
// it cannot be read).
func lockHolder(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// locked reports whether a process holds the lock file at path.
func locked(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	ok, err := tryLock(f, true)
	if ok {
		_ = unlock(f)
		return false
	}
	return err == nil
}

// writeFileAtomic replaces name with data: a synced temporary file renamed over
// it, then the directory synced, so readers and crashes see the old or the new
// content, never a mix.
func writeFileAtomic(name string, data []byte) error {
	dir := filepath.Dir(name)
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
