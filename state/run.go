package state

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dagrun/dagrun/executor"
)

// Statuses of PipeState besides the final ones (succeeded, failed, skipped,
// cancelled).
const (
	PipePending     = "pending"     // not started (yet)
	PipeRunning     = "running"     // an attempt is in progress
	PipeRetrying    = "retrying"    // waiting to retry
	PipeInterrupted = "interrupted" // running or retrying when its run was aborted
	PipeNotRun      = "not run"     // the run ended without it (not a --target)
)

// Run is a recorded run: its summary and what its journal says of each pipe.
type Run struct {
	Summary Summary
	// Pipes are in the pipeline's order, each for_each instance after its pipe.
	Pipes []PipeState
	// JournalTorn: the journal's last line is torn (the run's process was
	// killed while writing it) and was left out. Corrupt lines elsewhere are
	// Summary.Problems.
	JournalTorn bool
}

// PipeState is what the journal says of one pipe or for_each instance.
type PipeState struct {
	ID string
	// Path is how the pipe is shown ("routing.load" for a step), or ID.
	Path string
	// Series is the pipe a for_each instance belongs to, "" otherwise.
	Series      string
	Key         string
	Status      string
	Reason      string
	Attempts    int
	MaxAttempts int
	Started     time.Time
	Finished    time.Time
	Duration    time.Duration
	Error       string
	Reused      bool
	// Allowed: it failed, and the pipeline allows that failure.
	Allowed bool
	// Handler: a handler of the run (handler.<kind>).
	Handler bool
	// Output: the pipe's output is in the run's outputs.
	Output bool
	// OutputLost: the pipe succeeded with an output that could not be recorded.
	OutputLost bool
	// Damaged: a record of the pipe cannot be read (Summary.Problems says
	// where): a journal line that names it, or its output.
	Damaged bool
}

// Final reports whether the state is one a pipe ends in.
func (p PipeState) Final() bool {
	switch p.Status {
	case "succeeded", "failed", "skipped", "cancelled", "up_to_date":
		return true
	}
	return false
}

// succeeded reports whether p ended with a success: succeeded, or up to
// date (not run; its output is that of an earlier success).
func (p PipeState) succeeded() bool { return p.Status == "succeeded" || p.Status == "up_to_date" }

// base is the pipe that defines p: its series for an instance, else itself.
func (p PipeState) base() string {
	if p.Series != "" {
		return p.Series
	}
	if i := strings.IndexByte(p.ID, '['); i > 0 && strings.HasSuffix(p.ID, "]") {
		return p.ID[:i]
	}
	return p.ID
}

// Run reads the run that ref names (see Resolve).
func (s *Store) Run(ref string) (*Run, error) {
	id, err := s.Resolve(ref)
	if err != nil {
		return nil, err
	}
	return s.load(id, true)
}

// Check returns the damaged records of run id: of its summary, its journal
// and its outputs.
func (s *Store) Check(id string) ([]Problem, error) {
	run, err := s.load(id, true)
	if err != nil {
		return nil, err
	}
	return run.Summary.Problems, nil
}

// load reads run id; with outputs, outputs.jsonl is read too, for its
// problems and the pipes whose output is missing from it.
func (s *Store) load(id string, outputs bool) (*Run, error) {
	sum, err := s.summary(id)
	if err != nil && sum.Status != StatusUnreadable {
		return nil, fmt.Errorf("run %s: %w", id, err)
	}
	recs, torn, problems, err := readJournal(filepath.Join(s.runDir(id), journalFile))
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", id, err)
	}
	sum.Problems = append(sum.Problems, problems...)
	run := &Run{Summary: sum, JournalTorn: torn}
	run.replay(recs)
	damaged := map[string]bool{}
	for _, p := range problems {
		if p.Pipe != "" {
			damaged[p.Pipe] = true
		}
	}
	if outputs {
		outs, problems, err := readOutputs(filepath.Join(s.runDir(id), outputsFile))
		if err != nil {
			return nil, fmt.Errorf("run %s: %w", id, err)
		}
		run.Summary.Problems = append(run.Summary.Problems, problems...)
		for _, p := range problems {
			if p.Pipe != "" {
				damaged[p.Pipe] = true
			}
		}
		for _, st := range run.Pipes {
			if _, ok := outs[st.ID]; st.Output && !ok && !damaged[st.ID] {
				damaged[st.ID] = true
				run.Summary.Problems = append(run.Summary.Problems, Problem{File: outputsFile, Pipe: st.ID, Err: "the output of a succeeded pipe is missing"})
			}
		}
	}
	for i := range run.Pipes {
		run.Pipes[i].Damaged = damaged[run.Pipes[i].ID]
	}
	return run, nil
}

// Overlay puts in place of what the journal says of the run the events an
// engine reports of it (the Temporal workflow of a run whose client is
// gone), folded as the journal is: the pipes' states, the counts, and the
// run's status (running until the events hold the run's end).
func (run *Run) Overlay(events []executor.Event, redact func(string) string) {
	recs := make([]Record, 0, len(events))
	status, finished := StatusRunning, time.Time{}
	for i := range events {
		e := &events[i]
		if rec := recordOf(e, redact); rec.Type != "" {
			recs = append(recs, rec)
		}
		if e.Type == executor.EventRunFinished {
			status, finished = e.Status.String(), e.Time
		}
	}
	run.Summary.Status, run.Summary.Finished = StatusRunning, time.Time{}
	run.Pipes = nil
	run.replay(recs)
	run.Summary.Status, run.Summary.Finished = status, finished
	run.Summary.LastEvent = time.Time{}
}

// replay builds the pipe states from the journal.
func (run *Run) replay(recs []Record) {
	states := map[string]*PipeState{}
	var order []string // ids in the summary's order, then ids only the journal knows
	paths := map[string]string{}
	for _, p := range run.Summary.Pipes {
		path := p.Path
		if path == "" {
			path = p.ID
		}
		paths[p.ID] = path
		states[p.ID] = &PipeState{ID: p.ID, Path: path, Status: PipePending}
		order = append(order, p.ID)
	}
	instances := map[string][]string{} // series → instance ids in journal order
	finished := false
	get := func(r Record) *PipeState {
		if st, ok := states[r.Pipe]; ok {
			return st
		}
		st := &PipeState{ID: r.Pipe, Series: r.Series, Key: r.Key, Status: PipePending, Path: r.Pipe}
		states[r.Pipe] = st
		// An instance goes after its fan-out: x[k] after x, shown as x's path
		// with [k]; a step of a for_each composite, routing[k].load, after
		// routing, shown by its id.
		fanOut, _, isInstance := strings.Cut(r.Pipe, "[")
		if _, known := paths[fanOut]; known && isInstance {
			if fanOut == st.base() {
				st.Path = paths[fanOut] + strings.TrimPrefix(r.Pipe, fanOut)
			}
			instances[fanOut] = append(instances[fanOut], r.Pipe)
		} else {
			order = append(order, r.Pipe)
		}
		return st
	}
	var last time.Time
	for _, r := range recs {
		last = r.Time
		if r.Pipe == "" {
			if r.Type == RecordRunFinished {
				finished = true
			}
			continue
		}
		st := get(r)
		switch r.Type {
		case RecordAttemptStarted:
			st.Status, st.Attempts, st.MaxAttempts = PipeRunning, r.Attempt, r.MaxAttempts
			if st.Started.IsZero() {
				st.Started = r.Time
			}
		case RecordAttemptFinished:
			st.Error = r.Error
		case RecordRetrying:
			st.Status = PipeRetrying
		case RecordPipeFinished:
			st.Status, st.Reason, st.Error, st.Reused, st.Output, st.Allowed = r.Status, r.Reason, r.Error, r.Reused, r.Output, r.Allowed
			st.Handler = r.Handler
			st.OutputLost = r.OutputError != ""
			st.Attempts, st.MaxAttempts = r.Attempt, max(st.MaxAttempts, r.MaxAttempts)
			st.Finished = r.Time
			st.Duration = time.Duration(r.Duration * float64(time.Second))
			if st.Started.IsZero() && st.Duration > 0 {
				st.Started = r.Time.Add(-st.Duration)
			}
		}
	}
	inProgress := run.Summary.Status == StatusRunning
	if run.Summary.Finished.IsZero() {
		run.Summary.LastEvent = last
	}
	for fanOut, ids := range instances {
		instances[fanOut] = byKey(fanOut, ids, states)
	}
	counts := Counts{}
	for _, id := range order {
		for _, pid := range append([]string{id}, instances[id]...) {
			st := states[pid]
			switch {
			case st.Final():
				counts.add(st.Status, st.Reused)
			case !inProgress && (st.Status == PipeRunning || st.Status == PipeRetrying):
				st.Status = PipeInterrupted
			case finished && st.Status == PipePending:
				st.Status = PipeNotRun
			}
			run.Pipes = append(run.Pipes, *st)
		}
	}
	if run.Summary.Finished.IsZero() {
		run.Summary.Counts = counts
	}
}

// byKey orders the instances of fanOut as the run made them: key by key (in
// the order the journal first names a key), each key's own instance
// (fanOut[key]) before the steps of a for_each composite (fanOut[key].step),
// which keep the journal's order. The keys of a fan-out over a list are
// indexes, and are in index order (instances that run at once start in any
// order).
func byKey(fanOut string, ids []string, states map[string]*PipeState) []string {
	// order: 2 × the key's rank, plus 1 for a step of that key's instance.
	order := make(map[string]int, len(ids))
	rank := map[string]int{}
	indexes := true
	for _, id := range ids {
		if i, err := strconv.Atoi(states[id].Key); err != nil || i < 0 || strconv.Itoa(i) != states[id].Key {
			indexes = false
			break
		}
	}
	for _, id := range ids {
		k := states[id].Key
		r, ok := rank[k]
		if indexes {
			r, _ = strconv.Atoi(k)
		} else if !ok {
			r = len(rank)
			rank[k] = r
		}
		order[id] = 2 * r
		if id != fanOut+"["+k+"]" {
			order[id]++
		}
	}
	out := slices.Clone(ids)
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(order[a], order[b]) })
	return out
}

// Pipe returns the state of pipe id (or display path) in the run.
func (run *Run) Pipe(name string) (*PipeState, bool) {
	for i := range run.Pipes {
		if run.Pipes[i].ID == name {
			return &run.Pipes[i], true
		}
	}
	for i := range run.Pipes {
		if run.Pipes[i].Path == name {
			return &run.Pipes[i], true
		}
	}
	return nil, false
}

// ErrNoPipe is returned by LogPath for a pipe the run does not have.
var ErrNoPipe = errors.New("no such pipe")

// LogPath returns the log file of pipe (an id, id[key], or a display path) in
// the run ref names, and the run it belongs to: a pipe reused by a resumed run
// has its log in the run that ran it. The file does not exist when the pipe
// wrote nothing (it never started, or its type logs nothing).
func (s *Store) LogPath(ref, pipe string) (path, runID string, err error) {
	id, err := s.Resolve(ref)
	if err != nil {
		return "", "", err
	}
	for range 1000 { // follows resumed_from; the bound only guards against a loop
		run, err := s.load(id, false)
		if err != nil {
			return "", "", err
		}
		st, ok := run.Pipe(pipe)
		if !ok {
			return "", "", fmt.Errorf("%w: run %s has no pipe %q", ErrNoPipe, id, pipe)
		}
		path := filepath.Join(s.runDir(id), logsDir, logName(st.ID))
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && st.Reused && run.Summary.ResumedFrom != "" {
			id, pipe = run.Summary.ResumedFrom, st.ID
			continue
		}
		return path, id, nil
	}
	return "", "", fmt.Errorf("run %s: resumed_from forms a loop", ref)
}
