package state

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/dag"
	"github.com/dagrun/dagrun/executor"
)

// Resume is what a new run takes over from an earlier run of the same
// pipeline: the results of the pipes that succeeded in it.
//
// What is safe to reuse is decided from each pipe's fingerprint
// (dagrun.PipeFingerprint), recorded when the earlier run started:
//   - a pipe that succeeded earlier and is now gone, or now has other
//     dependencies or another type, makes the resume unsafe: its result may have
//     fed pipes that no longer expect it, or be missing where the new pipeline
//     expects one. Store.Resume refuses with an *UnsafeResumeError.
//   - a pipe that succeeded earlier whose definition changed is run again, and so
//     is every pipe downstream of it (like Terraform re-applying a changed
//     resource and what depends on it).
//   - pipes that did not succeed earlier (or are new) run, whatever changed.
//
// Pipes are never re-run because an upstream that had not succeeded runs now:
// resuming re-runs only what did not succeed.
type Resume struct {
	// From is the id of the earlier run.
	From string
	// Reusable lists the pipes and for_each instances whose earlier results
	// will be reused, in the earlier run's order (fan-outs themselves are
	// expanded again and composites are the sum of their steps, so only their
	// instances and steps are listed). A run may ask for fewer (--target).
	Reusable []string
	// Rerun lists the pipes that succeeded earlier but will run again: their
	// definition or an upstream's changed (with every instance of a for_each
	// pipe), or their output could not be read back (only that pipe or
	// instance runs again).
	Rerun []string
	// Damaged lists the pipes that succeeded earlier but will run again
	// because a record of them cannot be read (Problems says which).
	Damaged []string
	// Problems are the damaged records found in the earlier run. Every record
	// still readable is used.
	Problems []Problem
	results  map[string]executor.Result
	// lock keeps other processes from resuming From while this resume lasts.
	lock *os.File
}

// Release lets other processes resume the earlier run again. A Recorder
// started with the Resume releases it when the run finishes; call Release
// when the Resume is not used for a run. Idempotent.
func (r *Resume) Release() {
	if r != nil && r.lock != nil {
		r.lock.Close()
		r.lock = nil
	}
}

// Reuse returns the earlier result of pipe id (RunOptions.Reuse).
func (r *Resume) Reuse(id string) (dagrun.PipeResult, bool) {
	res, ok := r.results[id]
	return res, ok
}

// UnsafeResumeError is returned by Store.Resume when the pipeline changed in a
// way that makes an earlier run's results unsafe to reuse.
type UnsafeResumeError struct {
	Run string
	// Problems say, one per pipe, what changed.
	Problems []string
	// Pipes are the pipes concerned.
	Pipes []string
}

func (e *UnsafeResumeError) Error() string {
	return fmt.Sprintf("cannot resume run %s: the pipeline changed in a way that makes its results unsafe to reuse:\n  %s\nrun without --resume to start afresh",
		e.Run, strings.Join(e.Problems, "\n  "))
}

// ErrRunInProgress is returned when resuming a run whose process is still
// running it.
var ErrRunInProgress = errors.New("run is still in progress")

// RecordIncompleteError is returned when resuming a run that another engine
// ran (Summary.Engine) and whose client went away before it ended: the run
// may have gone on without it, and its record does not say what it did.
// Completing the record (Store.Reattach, following the engine's run to its
// end) makes it resumable.
type RecordIncompleteError struct {
	Run string
}

func (e *RecordIncompleteError) Error() string {
	return fmt.Sprintf("cannot resume run %s: it ran on another engine, and its record stops where its client went away", e.Run)
}

// ResumeLockedError is returned by Store.Resume when another process is
// resuming the same run: only one may, or the pipes that did not succeed
// would run once per process.
type ResumeLockedError struct {
	Run string
	// PID is the process resuming it (0 when unknown).
	PID int
	// By is the run that resumes it, when known.
	By string
}

func (e *ResumeLockedError) Error() string {
	who := "another dagrun process"
	if e.PID > 0 {
		who += fmt.Sprintf(" (pid %d)", e.PID)
	}
	if e.By != "" {
		return fmt.Sprintf("cannot resume run %s: run %s of %s resumed it already; resume that run instead", e.Run, e.By, who)
	}
	return fmt.Sprintf("cannot resume run %s: %s is resuming it; wait for it to finish, then resume the run it started (dagrun runs list)", e.Run, who)
}

// resumeLockFile is the lock taken on a run by the process resuming it, for
// as long as the resumed run lasts; it holds that process's id.
const resumeLockFile = "resume.lock"

// lockResume takes the resume lock of run id.
func (s *Store) lockResume(id string) (*os.File, error) {
	path := filepath.Join(s.runDir(id), resumeLockFile)
	f, err := lockFileOf(path)
	if err != nil {
		return nil, fmt.Errorf("cannot resume run %s: %w", id, err)
	}
	if f == nil {
		return nil, &ResumeLockedError{Run: id, PID: lockHolder(path)}
	}
	return f, nil
}

// Resume prepares resuming the run ref names (Last: the last run of this
// pipeline, found by path when path is set, else by name) with pipeline p.
func (s *Store) Resume(ref string, p *dagrun.Pipeline, path string) (*Resume, error) {
	if path != "" {
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
	}
	keep := func(sum Summary) bool { return true }
	if ref == Last {
		keep = func(sum Summary) bool {
			if path != "" && sum.Path != "" {
				return sum.Path == path
			}
			return sum.Pipeline == p.Name()
		}
	}
	began := time.Now()
	for tries := 0; ; tries++ {
		id, err := s.resolve(ref, keep)
		if err != nil {
			if errors.Is(err, ErrNoRuns) && ref == Last {
				if bad := s.unreadableRuns(time.Time{}); len(bad) > 0 {
					return nil, fmt.Errorf("cannot resume the last run: no readable run of pipeline %s in %s, and run %s may be one: its %s; remove %s to start afresh",
						p.Name(), s.dir, bad[0].ID, bad[0].Problems[0], s.runDir(bad[0].ID))
				}
				return nil, fmt.Errorf("%w of pipeline %s in %s", ErrNoRuns, p.Name(), s.dir)
			}
			return nil, err
		}
		lock, err := s.lockResume(id)
		if err != nil {
			return nil, err
		}
		if ref == Last && tries < 10 {
			// Another process may have started a newer run meanwhile: the
			// latest run is then that one.
			if again, err := s.resolve(ref, keep); err == nil && again != id {
				lock.Close()
				continue
			}
		}
		res, err := s.resume(id, ref, p, began)
		if err != nil {
			lock.Close()
			return nil, err
		}
		res.lock = lock
		return res, nil
	}
}

// unreadableRuns returns the runs started after t whose summary cannot be
// read, most recent first.
func (s *Store) unreadableRuns(t time.Time) []Summary {
	runs, _ := s.Runs()
	var bad []Summary
	for _, r := range slices.Backward(runs) {
		if r.Status == StatusUnreadable && r.Started.After(t) {
			bad = append(bad, r)
		}
	}
	return bad
}

// resume is Resume of run id, with its resume lock held.
func (s *Store) resume(id, ref string, p *dagrun.Pipeline, began time.Time) (*Resume, error) {
	runs, err := s.Runs()
	if err != nil {
		return nil, err
	}
	var started time.Time
	for _, r := range runs {
		if r.ID == id {
			started = r.Started
		}
	}
	for _, r := range runs {
		switch {
		case r.ResumedFrom == id && (r.Status == StatusRunning || !r.Started.Before(began)):
			// A process that took the lock after this one looked for the run,
			// and has released it already.
			return nil, &ResumeLockedError{Run: id, PID: r.PID, By: r.ID}
		case ref == Last && r.Status == StatusUnreadable && r.Started.After(started):
			return nil, fmt.Errorf("cannot resume the last run: run %s, more recent than %s, may be a run of this pipeline, and its %s; resume a run by its id, or remove %s",
				r.ID, id, r.Problems[0], s.runDir(r.ID))
		}
	}
	run, err := s.load(id, false)
	if err != nil {
		return nil, err
	}
	if run.Summary.Status == StatusUnreadable {
		return nil, fmt.Errorf("cannot resume run %s: its %s: the pipes it ran are not known", id, run.Summary.Problems[0])
	}
	if run.Summary.Status == StatusRunning {
		return nil, fmt.Errorf("cannot resume run %s: %w (pid %d)", id, ErrRunInProgress, run.Summary.PID)
	}
	if run.Summary.Status == StatusAborted && run.Summary.Engine != nil {
		return nil, &RecordIncompleteError{Run: id}
	}
	if run.Summary.Pipeline != p.Name() {
		return nil, fmt.Errorf("cannot resume run %s: it is a run of pipeline %q, not %q", id, run.Summary.Pipeline, p.Name())
	}
	if run.Summary.Fingerprints == nil {
		return nil, fmt.Errorf("cannot resume run %s: it has no pipe fingerprints", id)
	}
	return plan(run, p.Fingerprints(), s.runDir(id))
}

func plan(run *Run, now map[string]dagrun.PipeFingerprint, dir string) (*Resume, error) {
	before := run.Summary.Fingerprints
	res := &Resume{From: run.Summary.ID, results: map[string]executor.Result{}}

	// The pipes whose earlier success matters, in the earlier run's order.
	var bases []string
	seen := map[string]bool{}
	for _, st := range run.Pipes {
		if st.succeeded() && !seen[st.base()] {
			seen[st.base()] = true
			bases = append(bases, st.base())
		}
	}
	unsafe := &UnsafeResumeError{Run: run.Summary.ID}
	changed := map[string]bool{}
	for _, id := range bases {
		old, had := before[id]
		cur, has := now[id]
		switch {
		case !had:
			unsafe.add(id, fmt.Sprintf("pipe %q: the run did not record what it was", id))
		case !has:
			unsafe.add(id, fmt.Sprintf("pipe %q succeeded in that run and is no longer in the pipeline", id))
		case !slices.Equal(old.Deps, cur.Deps):
			unsafe.add(id, fmt.Sprintf("pipe %q: its dependencies changed from %s to %s", id, list(old.Deps), list(cur.Deps)))
		case old.Type != cur.Type:
			unsafe.add(id, fmt.Sprintf("pipe %q: its type changed from %q to %q", id, old.Type, cur.Type))
		case old.Definition != cur.Definition:
			changed[id] = true
		}
	}
	if len(unsafe.Problems) > 0 {
		return nil, unsafe
	}
	stale := downstream(changed, now)

	outs, problems, err := readOutputs(filepath.Join(dir, outputsFile))
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", run.Summary.ID, err)
	}
	res.Problems = append(slices.Clone(run.Summary.Problems), problems...)
	// A pipe a damaged journal line names, that did not succeed as far as
	// the rest says, may have: it runs again, because of the damage.
	succeeded := map[string]bool{}
	for _, st := range run.Pipes {
		succeeded[st.ID] = st.succeeded()
	}
	for _, pr := range run.Summary.Problems {
		if pr.File == journalFile && pr.Pipe != "" && !succeeded[pr.Pipe] && !slices.Contains(res.Damaged, pr.Pipe) {
			res.Damaged = append(res.Damaged, pr.Pipe)
		}
	}
	for _, id := range bases {
		if stale[id] {
			res.Rerun = append(res.Rerun, id)
		}
	}
	fanOuts := map[string]bool{}
	for _, st := range run.Pipes {
		if fanOut, _, ok := strings.Cut(st.ID, "["); ok {
			fanOuts[fanOut] = true
		}
	}
	for _, st := range run.Pipes {
		if !st.succeeded() || stale[st.base()] {
			continue
		}
		if now[st.base()].Type == "composite" {
			// A composite (or an instance of a for_each composite) is the
			// sum of its steps: it is never reused whole, its steps are.
			continue
		}
		// The times of the earlier run: a reused result keeps them (and a
		// composite of reused steps adds them up the same way again).
		r := executor.Result{ID: st.ID, Pipe: st.Series, Key: st.Key, Status: executor.StatusSucceeded,
			Attempts: st.Attempts, Duration: st.Duration, Started: st.Started, Finished: st.Finished}
		if r.Pipe == "" {
			r.Pipe = st.ID
		}
		if st.Output || st.OutputLost {
			o, ok := outs[st.ID]
			var err error
			if ok {
				var typ cty.Type
				if typ, err = ctyjson.UnmarshalType(o.Type); err == nil {
					r.Output, err = ctyjson.Unmarshal(o.Value, typ)
				}
			}
			switch {
			case ok && err != nil:
				res.Problems = append(res.Problems, Problem{File: outputsFile, Pipe: st.ID, Err: "the output cannot be decoded: " + err.Error()})
				fallthrough
			case !ok && st.Output:
				if !ok && !damagedOutput(problems, st.ID) {
					res.Problems = append(res.Problems, Problem{File: outputsFile, Pipe: st.ID, Err: "the output of a succeeded pipe is missing"})
				}
				// Only this pipe runs again: its dependents keep their results.
				res.Damaged = append(res.Damaged, st.ID)
				continue
			case !ok:
				// Its output could not be recorded (see OutputLost).
				res.Rerun = append(res.Rerun, st.ID)
				continue
			}
		}
		res.results[st.ID] = r
		if !fanOuts[st.ID] { // a fan-out is expanded again; its instances are reused
			res.Reusable = append(res.Reusable, st.ID)
		}
	}
	return res, nil
}

// damagedOutput reports whether one of problems is a damaged output line of pipe.
func damagedOutput(problems []Problem, pipe string) bool {
	return slices.ContainsFunc(problems, func(p Problem) bool { return p.Pipe == pipe })
}

func (e *UnsafeResumeError) add(pipe, problem string) {
	e.Pipes = append(e.Pipes, pipe)
	e.Problems = append(e.Problems, problem)
}

// downstream returns the pipes in changed and every pipe that depends on one of
// them, directly or not.
func downstream(changed map[string]bool, fps map[string]dagrun.PipeFingerprint) map[string]bool {
	succs := map[string][]string{}
	for id, fp := range fps {
		for _, d := range fp.Deps {
			succs[d] = append(succs[d], id)
		}
	}
	return dag.Reach(slices.Collect(maps.Keys(changed)), func(id string) []string { return succs[id] })
}

func list(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return "[" + strings.Join(ids, ", ") + "]"
}
