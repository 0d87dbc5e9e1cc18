package state

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dagrun/dagrun/executor"
)

// Reattach reopens run ref, whose recording process is gone while its
// engine ran on (a Temporal workflow whose client was killed), to record the
// rest of it: the returned recorder holds the run's lock, says the run is
// running again (in this process), and appends to its journal and outputs.
// Give it the run's events from the start: it drops as many of them as the
// journal already holds records, so that each is recorded once, then
// records the rest and, with Finish, the run's end. redact hides the
// pipeline's sensitive values in errors.
func (s *Store) Reattach(ref string, redact func(string) string) (*Recorder, error) {
	id, err := s.Resolve(ref)
	if err != nil {
		return nil, err
	}
	sum, err := s.summary(id)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", id, err)
	}
	if sum.Status != StatusAborted {
		return nil, fmt.Errorf("run %s is %s: only a run whose process is gone can be attached to", id, sum.Status)
	}
	dir := s.runDir(id)
	recs, _, _, err := readJournal(filepath.Join(dir, journalFile))
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", id, err)
	}
	r := &Recorder{id: id, dir: dir, redact: redact, logs: map[string]*os.File{}, store: s, capped: map[string]*cappedLog{}}
	if r.lock, err = lockRun(dir); err != nil {
		return nil, fmt.Errorf("run %s: %w", id, err)
	}
	const flags = os.O_WRONLY | os.O_APPEND
	if r.journal, err = os.OpenFile(filepath.Join(dir, journalFile), flags, 0o600); err == nil {
		r.outputs, err = os.OpenFile(filepath.Join(dir, outputsFile), flags, 0o600)
	}
	if err != nil {
		r.closeFiles()
		return nil, fmt.Errorf("run %s: %w", id, err)
	}
	sum.Status, sum.PID = StatusRunning, os.Getpid()
	r.sum = sum
	r.skip.Store(int64(len(recs)))
	if err := r.writeSummary(); err != nil {
		r.closeFiles()
		return nil, fmt.Errorf("run %s: %w", id, err)
	}
	r.syncKick, r.syncDone, r.syncQuit = make(chan struct{}, 1), make(chan struct{}), make(chan struct{})
	go r.syncLoop()
	return r, nil
}

// skipping reports whether e is one of the events the journal of a
// reattached run already holds (and counts it off). Called with mu held.
func (r *Recorder) skipping(e *executor.Event) bool {
	if r.skip.Load() == 0 {
		return false
	}
	if recordOf(e, identity).Type == "" {
		return false // not a journal event
	}
	r.skip.Add(-1)
	return true
}

func identity(s string) string { return s }
