package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/schedule"
	"github.com/dagrun/dagrun/server"
	"github.com/dagrun/dagrun/state"
)

// servedHistory is serve's server.History: the runs recorded in the state
// directories of the served pipelines (several may share one).
type servedHistory struct {
	stores  []*state.Store // one per directory
	indexes []*state.Index // of each store
}

func newServedHistory(stores map[string]servedState) *servedHistory {
	h := &servedHistory{}
	seen := map[string]bool{}
	names := make([]string, 0, len(stores))
	for name := range stores {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		st := stores[name].store
		dir, err := filepath.Abs(st.Dir())
		if err != nil {
			dir = st.Dir()
		}
		if !seen[dir] {
			seen[dir] = true
			h.stores = append(h.stores, st)
			h.indexes = append(h.indexes, st.NewIndex())
		}
	}
	return h
}

// load reads every index (serve does it in the background as it starts).
func (h *servedHistory) load() {
	for _, x := range h.indexes {
		_ = x.Load()
	}
}

// Runs implements server.History: from each store's index, merged.
func (h *servedHistory) Runs(q server.RunQuery) ([]server.RunSummary, int, error) {
	var match []server.RunSummary
	total := 0
	for _, x := range h.indexes {
		sums, n, err := x.Query(q.Pipeline, q.Status, 0, q.Offset+q.Limit)
		if err != nil {
			return nil, 0, err
		}
		total += n
		for _, sum := range sums {
			match = append(match, runSummary(sum))
		}
	}
	slices.SortStableFunc(match, func(a, b server.RunSummary) int {
		if c := b.Started.Compare(a.Started); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	lo := min(q.Offset, len(match))
	hi := min(lo+q.Limit, len(match))
	return match[lo:hi], total, nil
}

func runSummary(sum state.Summary) server.RunSummary {
	rs := server.RunSummary{ID: sum.ID, Pipeline: sum.Pipeline, Status: sum.Status, Started: sum.Started,
		Error: sum.Error, ResumedFrom: sum.ResumedFrom, URL: "/api/v1/runs/" + sum.ID,
		Counts: server.Counts{Succeeded: sum.Counts.Succeeded, Failed: sum.Counts.Failed, Skipped: sum.Counts.Skipped,
			Cancelled: sum.Counts.Cancelled, Reused: sum.Counts.Reused}}
	if !sum.Finished.IsZero() {
		f := sum.Finished
		rs.Finished = &f
	}
	if d := sum.Duration(); d > 0 {
		sec := d.Seconds()
		rs.DurationSeconds = &sec
	}
	return rs
}

// find returns the store that holds run id (exactly that id).
func (h *servedHistory) find(id string) (*state.Store, *state.Run, error) {
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, `/\`) {
		return nil, nil, fmt.Errorf("%w: %q", server.ErrUnknownRun, id)
	}
	for _, st := range h.stores {
		if _, err := os.Stat(filepath.Join(st.Dir(), "runs", id)); err != nil {
			continue
		}
		run, err := st.Run(id)
		if err != nil {
			return nil, nil, err
		}
		if run.Summary.ID == id {
			return st, run, nil
		}
	}
	return nil, nil, fmt.Errorf("%w: %q", server.ErrUnknownRun, id)
}

// Run implements server.History.
func (h *servedHistory) Run(id string) (server.RunInfo, error) {
	_, run, err := h.find(id)
	if err != nil {
		return server.RunInfo{}, err
	}
	sum := run.Summary
	ri := server.RunInfo{ID: sum.ID, Pipeline: sum.Pipeline, Trigger: "recorded", Status: sum.Status, Due: sum.Started,
		Error: sum.Error, StateID: sum.ID, ResumedFrom: sum.ResumedFrom, Pipes: []server.PipeInfo{}}
	started := sum.Started
	ri.Started = &started
	if !sum.Finished.IsZero() {
		f := sum.Finished
		ri.Finished = &f
	}
	if d := sum.Duration(); d > 0 {
		sec := d.Seconds()
		ri.DurationSeconds = &sec
	}
	for _, p := range run.Pipes {
		pi := server.PipeInfo{ID: p.ID, Path: p.Path, Status: p.Status, Reason: p.Reason, Attempts: p.Attempts, Error: p.Error, Reused: p.Reused, Handler: p.Handler}
		if p.Duration > 0 {
			sec := p.Duration.Seconds()
			pi.DurationSeconds = &sec
		}
		if !p.Started.IsZero() {
			span := server.Span{Kind: "attempt", Start: p.Started, Attempt: p.Attempts}
			if !p.Finished.IsZero() {
				end := p.Finished
				span.End = &end
				span.Result = map[bool]string{true: "ok", false: "error"}[p.Status == "succeeded"]
			}
			pi.Spans = []server.Span{span}
		}
		ri.Pipes = append(ri.Pipes, pi)
	}
	return ri, nil
}

// LogPath implements server.History.
func (h *servedHistory) LogPath(id, pipe string) (string, error) {
	st, _, err := h.find(id)
	if err != nil {
		return "", err
	}
	path, _, err := st.LogPath(id, pipe)
	switch {
	case errors.Is(err, state.ErrNoPipe):
		return "", fmt.Errorf("%w: %v", server.ErrUnknownPipe, err)
	case errors.Is(err, state.ErrNoRuns):
		return "", fmt.Errorf("%w: %v", server.ErrUnknownRun, err)
	}
	return path, err
}

// serveResume starts the recording of a run of p that resumes run from.
func serveResume(stores map[string]servedState, opts state.StartOptions) func(*dagrun.Pipeline, schedule.Run, string) (server.Recorder, error) {
	return func(p *dagrun.Pipeline, _ schedule.Run, from string) (server.Recorder, error) {
		st := stores[p.Name()]
		res, err := st.store.Resume(from, p, st.path)
		if err != nil {
			return nil, err
		}
		opts.Path, opts.Resume = st.path, res
		rec, err := st.store.Start(p, opts)
		if err != nil {
			res.Release()
			return nil, err
		}
		return rec, nil
	}
}
