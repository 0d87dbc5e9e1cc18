package state

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// indexFile is the run index: one line per finished run, appended by the
// run's Recorder when it finishes (and by Index when it finds a run the file
// lacks). It is a cache of the run directories, never their only record: a
// torn or missing line is repaired from the runs' own run.json.
const indexFile = "index.jsonl"

// indexLine is a run in the index file: the fields a list of runs shows.
type indexLine struct {
	ID          string    `json:"id"`
	Pipeline    string    `json:"pipeline"`
	Path        string    `json:"path,omitempty"`
	Status      string    `json:"status"`
	Started     time.Time `json:"started"`
	Finished    time.Time `json:"finished,omitzero"`
	Error       string    `json:"error,omitempty"`
	ResumedFrom string    `json:"resumed_from,omitempty"`
	Counts      Counts    `json:"counts"`
}

func lineOf(s Summary) indexLine {
	return indexLine{ID: s.ID, Pipeline: s.Pipeline, Path: s.Path, Status: s.Status, Started: s.Started,
		Finished: s.Finished, Error: s.Error, ResumedFrom: s.ResumedFrom, Counts: s.Counts}
}

func (l indexLine) summary() Summary {
	return Summary{ID: l.ID, Pipeline: l.Pipeline, Path: l.Path, Status: l.Status, Started: l.Started,
		Finished: l.Finished, Error: l.Error, ResumedFrom: l.ResumedFrom, Counts: l.Counts}
}

// final reports whether a status never changes again.
func finalStatus(status string) bool {
	switch status {
	case "succeeded", "failed", "cancelled", StatusAborted:
		return true
	}
	return false
}

// appendIndex adds a finished run to the index file, in one write (an
// append of one line, which concurrent writers do not interleave). Errors
// are dropped: the index is rebuilt from the run directories when it lacks
// a run.
func (s *Store) appendIndex(sums ...Summary) (written, sizeAfter int64) {
	var buf bytes.Buffer
	for _, sum := range sums {
		b, err := json.Marshal(lineOf(sum))
		if err != nil {
			continue
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	if buf.Len() == 0 {
		return 0, -1
	}
	f, err := os.OpenFile(filepath.Join(s.dir, indexFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return 0, -1
	}
	defer f.Close()
	n, err := f.Write(buf.Bytes())
	if err != nil {
		return 0, -1
	}
	st, err := f.Stat()
	if err != nil {
		return int64(n), -1
	}
	return int64(n), st.Size()
}

// Index lists the runs of a store without reading every run's files: it
// loads the index file once, then reads only what was appended to it since,
// and checks the run directories against it whenever the runs directory
// changed (a run started or was deleted), reading the run.json of the runs
// the file lacks. Runs in progress are checked at every query. It is safe
// for concurrent use.
type Index struct {
	s *Store

	mu       sync.Mutex
	byID     map[string]*indexLine
	sorted   []*indexLine // newest first; nil when it must be sorted again
	offset   int64        // of the index file read so far
	fileID   os.FileInfo  // the index file read, to notice it replaced
	dirMtime time.Time    // of the runs directory when last checked
	live     map[string]bool
}

// NewIndex returns the index of s; nothing is read before the first query
// (or Load).
func (s *Store) NewIndex() *Index {
	return &Index{s: s, byID: map[string]*indexLine{}, live: map[string]bool{}}
}

// Load reads the index now, so that the first Query is as quick as the
// others (serve calls it in the background as it starts).
func (x *Index) Load() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.refreshLocked()
}

// Query returns the runs that match pipeline and status ("" for any),
// newest first, from offset on (at most limit; limit ≤ 0: all), and how
// many match in all. Statuses are those of Store.Runs (running and aborted
// worked out from the runs' locks).
func (x *Index) Query(pipeline, status string, offset, limit int) ([]Summary, int, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.refreshLocked(); err != nil {
		return nil, 0, err
	}
	var page []Summary
	total := 0
	for _, l := range x.sorted {
		if (pipeline != "" && l.Pipeline != pipeline) || (status != "" && l.Status != status) {
			continue
		}
		if total >= offset && (limit <= 0 || len(page) < limit) {
			page = append(page, l.summary())
		}
		total++
	}
	return page, total, nil
}

// refreshLocked brings the index up to date with the file and the run
// directories.
func (x *Index) refreshLocked() error {
	if err := x.readFileLocked(); err != nil {
		return err
	}
	runs := filepath.Join(x.s.dir, runsDir)
	st, err := os.Stat(runs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		x.byID, x.sorted, x.live = map[string]*indexLine{}, nil, map[string]bool{}
		return nil
	case err != nil:
		return err
	}
	if !st.ModTime().Equal(x.dirMtime) {
		if err := x.reconcileLocked(); err != nil {
			return err
		}
		x.dirMtime = st.ModTime()
	}
	// Runs in progress: finished or aborted since?
	for id := range x.live {
		sum, err := x.s.summary(id)
		if err != nil && sum.Status != StatusUnreadable {
			continue
		}
		l := lineOf(sum)
		x.byID[id] = &l
		x.sorted = nil
		if sum.Status != StatusRunning {
			delete(x.live, id)
		}
	}
	if x.sorted == nil {
		x.sorted = make([]*indexLine, 0, len(x.byID))
		for _, l := range x.byID {
			x.sorted = append(x.sorted, l)
		}
		slices.SortFunc(x.sorted, func(a, b *indexLine) int {
			if c := b.Started.Compare(a.Started); c != 0 {
				return c
			}
			return strings.Compare(b.ID, a.ID)
		})
	}
	return nil
}

// readFileLocked reads what was appended to the index file since the last
// read (all of it when the file is new or was replaced). A torn last line
// is left for the next read.
func (x *Index) readFileLocked() error {
	f, err := os.Open(filepath.Join(x.s.dir, indexFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if x.fileID == nil || !os.SameFile(x.fileID, st) || st.Size() < x.offset {
		x.offset = 0
	}
	x.fileID = st
	if st.Size() == x.offset {
		return nil
	}
	if _, err := f.Seek(x.offset, io.SeekStart); err != nil {
		return err
	}
	r := bufio.NewReaderSize(f, 1<<20)
	for {
		line, err := r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A line this long is no line of ours: skip it.
			for err == bufio.ErrBufferFull {
				var more []byte
				more, err = r.ReadSlice('\n')
				x.offset += int64(len(more))
			}
			x.offset += int64(len(line))
			continue
		}
		if err != nil {
			break // EOF: a torn line waits for its end
		}
		x.offset += int64(len(line))
		var l indexLine
		if json.Unmarshal(line, &l) != nil || !validID(l.ID) || l.ID != filepath.Base(l.ID) {
			continue
		}
		if old, ok := x.byID[l.ID]; ok && *old == l {
			continue
		}
		x.byID[l.ID] = &l
		delete(x.live, l.ID)
		x.sorted = nil
	}
	return nil
}

// reconcileLocked checks the index against the run directories: a run the
// index lacks is read from its run.json (and, once it is over, appended to
// the file); a run whose directory is gone (deleted, pruned) is dropped.
func (x *Index) reconcileLocked() error {
	d, err := os.Open(filepath.Join(x.s.dir, runsDir))
	if err != nil {
		return err
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return err
	}
	present := make(map[string]bool, len(names))
	var add []Summary
	for _, name := range names {
		if !validID(name) {
			continue
		}
		present[name] = true
		if _, ok := x.byID[name]; ok {
			continue
		}
		sum, err := x.s.summary(name)
		if err != nil && sum.Status != StatusUnreadable {
			continue // being created: its run.json comes next
		}
		l := lineOf(sum)
		x.byID[name] = &l
		x.sorted = nil
		if finalStatus(sum.Status) {
			add = append(add, sum)
		} else {
			x.live[name] = true
		}
	}
	for id := range x.byID {
		if !present[id] {
			delete(x.byID, id)
			delete(x.live, id)
			x.sorted = nil
		}
	}
	// What this appends is known already: skip reading it back, unless
	// another process appended meanwhile.
	if n, size := x.s.appendIndex(add...); n > 0 && size == x.offset+n {
		x.offset = size
		if st, err := os.Stat(filepath.Join(x.s.dir, indexFile)); err == nil {
			x.fileID = st
		}
	}
	return nil
}
