package state

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Retention says which runs Store.Prune deletes: those that are neither
// among the Keep most recent runs of their pipeline nor younger than
// OlderThan. With both zero, every run but the latest of each pipeline goes.
//
// Never deleted: the latest run of each pipeline (what `--resume last` and
// the next resume of it read), a run in progress, and a run being resumed.
type Retention struct {
	// Keep: the most recent runs of each pipeline kept (0: none besides the
	// latest).
	Keep int
	// OlderThan: runs started less than this long ago are kept (0: age
	// protects none).
	OlderThan time.Duration
	// Now is the clock; nil: time.Now.
	Now func() time.Time
}

// Prune deletes the runs ret does not keep, with their logs and recorded
// outputs, and returns their summaries. With pipeline set, only the runs of
// that pipeline (and path, when set) are considered. A run whose run.json
// cannot be read belongs to no pipeline: it is deleted only by age, when
// OlderThan is set and no pipeline is given.
func (s *Store) Prune(ret Retention, pipeline, path string) ([]Summary, error) {
	return s.prune(ret, pipeline, path, false)
}

// PruneDryRun returns what Prune would delete, deleting nothing.
func (s *Store) PruneDryRun(ret Retention, pipeline, path string) ([]Summary, error) {
	return s.prune(ret, pipeline, path, true)
}

func (s *Store) prune(ret Retention, pipeline, path string, dryRun bool) ([]Summary, error) {
	if path != "" {
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
	}
	now := time.Now
	if ret.Now != nil {
		now = ret.Now
	}
	cutoff := now().Add(-ret.OlderThan)
	if !dryRun {
		// What an earlier prune renamed away and did not finish deleting.
		leftovers, _ := filepath.Glob(filepath.Join(s.dir, runsDir, ".pruned-*"))
		for _, dir := range leftovers {
			_ = os.RemoveAll(dir)
		}
	}
	runs, err := s.Runs()
	if err != nil {
		return nil, err
	}
	type group struct{ pipeline, path string }
	rank := map[group]int{}
	var out []Summary
	var errs []error
	for _, r := range slices.Backward(runs) { // most recent first
		if r.Status == StatusUnreadable {
			if pipeline != "" || ret.OlderThan <= 0 || !r.Started.Before(cutoff) {
				continue
			}
		} else {
			if pipeline != "" && (r.Pipeline != pipeline || (path != "" && r.Path != "" && r.Path != path)) {
				continue
			}
			g := group{r.Pipeline, r.Path}
			n := rank[g]
			rank[g]++
			if n == 0 || n < ret.Keep || (ret.OlderThan > 0 && !r.Started.Before(cutoff)) || r.Status == StatusRunning {
				continue
			}
		}
		if dryRun {
			if !locked(filepath.Join(s.runDir(r.ID), resumeLockFile)) {
				out = append(out, r)
			}
			continue
		}
		ok, err := s.remove(r.ID)
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			out = append(out, r)
		}
	}
	return out, errors.Join(errs...)
}

// remove deletes run id unless a process runs or resumes it. The directory
// is first renamed out of runs/ (atomically, so no reader sees half a run),
// then deleted.
func (s *Store) remove(id string) (bool, error) {
	dir := s.runDir(id)
	runLock, err := lockFileOf(filepath.Join(dir, lockFile))
	if err != nil || runLock == nil {
		return false, err // running: kept
	}
	resumeLock, err := lockFileOf(filepath.Join(dir, resumeLockFile))
	if err != nil || resumeLock == nil {
		runLock.Close()
		return false, err // being resumed: kept
	}
	gone := filepath.Join(s.dir, runsDir, ".pruned-"+id)
	err = os.Rename(dir, gone)
	runLock.Close()
	resumeLock.Close()
	if err != nil {
		return false, fmt.Errorf("pruning run %s: %w", id, err)
	}
	if err := os.RemoveAll(gone); err != nil {
		return true, fmt.Errorf("pruning run %s: %w", id, err)
	}
	return true, nil
}
