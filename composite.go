package dagrun

import (
	"fmt"
	"time"

	"github.com/dagrun/dagrun/executor"
)

// A composite pipe runs as a gate node that does no work; its steps depend on it.
// These helpers make a composite look like what it is to a user: the sum of its
// steps.

// aggregateComposites replaces each composite's gate result by the aggregate of
// its steps: failed if any failed, else cancelled if any was, else succeeded if
// any did, else skipped; attempts summed; duration from the first step's start to
// the last step's end. A gate that was itself skipped or cancelled keeps its
// status and reason (its steps followed it).
func (p *Pipeline) aggregateComposites(rep *executor.Report) {
	if p.config == nil {
		return
	}
	// Later declarations first: nested composites are aggregated before the
	// composites that contain them.
	for k := len(p.config.Pipes) - 1; k >= 0; k-- {
		cp := p.config.Pipes[k]
		if !cp.Composite {
			continue
		}
		if i, ok := p.index[cp.ID]; !ok || p.nodes[i].Expand != nil {
			continue // a for_each composite is a fan-out: its instances carry it
		}
		gate, ok := rep.Result(cp.ID)
		if !ok || gate.Status == executor.StatusSkipped || gate.Status == executor.StatusCancelled {
			continue
		}
		var failed, cancelled, succeeded int
		var first, last time.Time
		agg := executor.Result{}
		for _, id := range cp.Steps {
			r, ok := rep.Result(id)
			if !ok {
				continue
			}
			agg.Attempts += r.Attempts
			switch r.Status {
			case executor.StatusFailed:
				if failed == 0 {
					agg.Err = fmt.Errorf("step %s failed: %w", id, r.Err)
				}
				failed++
			case executor.StatusCancelled:
				if cancelled == 0 {
					agg.Reason = r.Reason
				}
				cancelled++
			case executor.StatusSucceeded:
				succeeded++
			}
			if !r.Started.IsZero() && (first.IsZero() || r.Started.Before(first)) {
				first = r.Started
			}
			if r.Finished.After(last) {
				last = r.Finished
			}
		}
		switch {
		case failed > 0:
			gate.Status, gate.Reason = executor.StatusFailed, ""
		case cancelled > 0:
			gate.Status, gate.Reason = executor.StatusCancelled, agg.Reason
		case succeeded > 0 || len(cp.Steps) == 0:
			gate.Status, gate.Reason = executor.StatusSucceeded, ""
		default:
			gate.Status, gate.Reason = executor.StatusSkipped, executor.ReasonConditionFalse
		}
		gate.Attempts, gate.Err = agg.Attempts, agg.Err
		if !first.IsZero() {
			gate.Started, gate.Finished, gate.Duration = first, last, last.Sub(first)
		}
	}
}

// expandTargets is what the targets mean (see hcl.Pipeline.ExpandTargets).
func (p *Pipeline) expandTargets(targets []string) []string {
	if p.config == nil {
		return targets
	}
	return p.config.ExpandTargets(targets)
}

// workIDs are the pipes that do work (composite gates left out): the series
// metrics start at zero.
func (p *Pipeline) workIDs() []string {
	ids := make([]string, 0, len(p.nodes))
	for i := range p.nodes {
		if p.nodes[i].Task != nil || p.nodes[i].Expand != nil {
			ids = append(ids, p.nodes[i].ID)
		}
	}
	return ids
}
