package server

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/dagrun/dagrun"
)

// adoptStateID makes the run answer to the id its recorder gave it in the run
// state too: GET /api/v1/runs/ID answers to the id `dagrun runs` shows.
func (s *Server) adoptStateID(rec *record, recorder Recorder, log **slog.Logger) {
	withID, ok := recorder.(interface{ ID() string })
	if !ok || withID.ID() == rec.id {
		return
	}
	rec.setStateID(withID.ID())
	s.mu.Lock()
	s.records[withID.ID()] = rec
	s.mu.Unlock()
	*log = (*log).With("state_id", withID.ID())
}

// withIntent gives a run asked for by the API trigger in progress what that
// trigger asks (called from the scheduler's events, inside Trigger).
func (s *Server) withIntent(rec *record) *record {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec.schedule == "" && s.intent != nil && s.intent.pipeline == rec.pipeline {
		rec.intent = *s.intent
		s.intent = nil
	}
	return rec
}

// triggerWith is Trigger for a run that resumes an earlier one: the record
// the scheduler's event makes inside the trigger gets intent.
func (s *Server) triggerWith(pipeline string, intent runIntent) (RunInfo, error) {
	s.triggerMu.Lock()
	defer s.triggerMu.Unlock()
	intent.pipeline = pipeline
	s.mu.Lock()
	s.intent = &intent
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.intent = nil
		s.mu.Unlock()
	}()
	return s.Trigger(pipeline)
}

// Cancel cancels a running or queued run: its pipes' processes are killed
// and it ends cancelled. It reports false when the run is unknown or over.
func (s *Server) Cancel(id string) (RunInfo, bool, error) {
	rec := s.record(id)
	if rec == nil {
		return RunInfo{}, false, fmt.Errorf("%w: %q", ErrUnknownRun, id)
	}
	ok := rec.requestCancel()
	return rec.info(s.now()), ok, nil
}

// rerunFilter wraps a resumed run's Reuse so that the pipes named in rerun,
// and every pipe downstream of them, run again.
func rerunFilter(p *dagrun.Pipeline, reuse func(string) (dagrun.PipeResult, bool), rerun []string) func(string) (dagrun.PipeResult, bool) {
	if reuse == nil || len(rerun) == 0 {
		return reuse
	}
	forced := downstreamOf(p, rerun)
	return func(id string) (dagrun.PipeResult, bool) {
		if forced[baseID(id)] {
			return dagrun.PipeResult{}, false
		}
		return reuse(id)
	}
}

// downstreamOf returns the pipes ids name and everything downstream of
// them, with a composite's steps.
func downstreamOf(p *dagrun.Pipeline, ids []string) map[string]bool {
	out := map[string]bool{}
	g, err := p.Graph()
	if err != nil {
		return out
	}
	c := g.Compiled()
	var roots []int
	for _, id := range ids {
		if i, ok := c.Index(id); ok {
			roots = append(roots, i)
		}
	}
	for i, in := range c.Descendants(roots...) {
		if in {
			out[c.IDs[i]] = true
		}
	}
	return out
}

// baseID is the pipe an instance or a fan-out step belongs to: x for x[k],
// routing for routing[k].load.
func baseID(id string) string {
	if i := strings.IndexByte(id, '['); i > 0 {
		return id[:i]
	}
	return id
}
