package temporal

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"

	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun/executor"
)

// A run of many pipes outgrows one workflow history: Temporal warns at
// 10,000 events and stops a workflow at 50,000, and an attempt run as an
// activity adds about half a dozen. So a run is a chain of workflow runs
// of one workflow id, each continuing as new once its history is long
// (Input.ContinueAfter events): the part that ends starts no new attempt,
// lets those running (and the back-offs) end, and hands the next part the
// state of the scheduling core (executor.Sched.Carry) and of the run's
// events. The next part loads the pipeline again, restores that state
// (executor.Continuation) and goes on; its events continue the earlier
// parts' (their indexes go on, and a node's is kept), so the run is one run
// to its client: one record, one view, one report.

// continueChange names the change that continues a long run as new; runs
// recorded before it replay without it (it is asked only once a part's
// history is long).
const continueChange = "dagrun.continue-as-new"

// continueRetry is how many more events a part records before it tries to
// end again, when the core could not be carried over (a sensor between two
// polls, the handlers' turn).
const continueRetry = 500

// checkLength starts the end of the part (draining) once its history is
// long, unless the run is stopping: a stopping run ends soon anyway.
func (d *driver) checkLength() {
	if d.draining {
		if stopping, _ := d.s.Stopping(); stopping {
			d.draining = false // it ends here: what is left is cancelled
		}
		return
	}
	info := workflow.GetInfo(d.ctx)
	limit := d.continueAt
	if limit == 0 {
		limit = d.in.ContinueAfter
		if limit <= 0 {
			limit = DefaultContinueAfter
		}
	}
	if info.GetCurrentHistoryLength() < limit && !info.GetContinueAsNewSuggested() {
		return
	}
	if stopping, _ := d.s.Stopping(); stopping || d.s.Done() {
		return
	}
	if d.continueVersion == 0 {
		d.continueVersion = 1 + workflow.GetVersion(d.ctx, continueChange, workflow.DefaultVersion, 1)
	}
	if d.continueVersion == 2 {
		d.draining = true
	}
}

// continuation is the input of the part that continues this one: the
// core's state (false when it cannot be carried over now) and the events'.
func (d *driver) continuation() (Input, bool) {
	state := maps.Clone(d.carried)
	if state == nil {
		state = map[string]PipeResult{}
	}
	var bad error
	cont, ok := d.s.Carry(func(ns executor.NodeState, read bool) {
		r := &ns.Result
		pr := resultOnWire(r)
		if !ns.PollSince.IsZero() {
			pr.PollSince, pr.Polls = ns.PollSince, d.polls[r.ID]
		}
		if read {
			var err error
			if pr.Output, err = encodeValue(r.Output); err != nil && bad == nil {
				bad = fmt.Errorf("the output of %s: %w", r.ID, err)
			}
		}
		state[r.ID] = pr
	})
	if !ok || bad != nil {
		return Input{}, false
	}
	marks := maps.Clone(d.log.known)
	if marks == nil {
		marks = map[string]*nodeMark{}
	}
	for i := range d.log.events {
		e := &d.log.events[i]
		if e.Node == "" {
			continue
		}
		m := marks[e.Node]
		if m == nil {
			m = &nodeMark{index: e.Index}
			marks[e.Node] = m
		}
		switch e.Type {
		case executor.EventPipeReady:
			m.ready = !m.ended
		case executor.EventPipeFinished:
			m.ended, m.ready = true, false
		}
	}
	cs := carriedState{Files: d.in.Files, ReadFiles: d.in.ReadFiles}
	for _, id := range slices.Sorted(maps.Keys(state)) {
		cs.Results = append(cs.Results, state[id])
	}
	for _, id := range slices.Sorted(maps.Keys(marks)) {
		m := marks[id]
		cs.Nodes = append(cs.Nodes, carriedNode{ID: id, Index: m.index, Ended: m.ended, Ready: m.ready})
	}
	blob, err := packState(&cs)
	if err != nil {
		return Input{}, false
	}
	next := d.in
	next.Reused = nil                     // what the run reused is in the state
	next.Files, next.ReadFiles = nil, nil // in the state: compressed
	next.carried = nil
	next.Continued = &Continued{
		Started:              d.started,
		FirstRunID:           d.log.firstRunID,
		Parts:                append(slices.Clone(d.log.parts), Part{RunID: d.log.runID, First: d.log.base}),
		Events:               d.log.base + len(d.log.events),
		DeadlinesPassed:      cont.DeadlinesPassed,
		DeadlinesMissed:      cont.DeadlinesMissed,
		DeadlineHandlerFired: cont.DeadlineHandlerFired,
		State:                blob,
	}
	return next, true
}

// continued reads what the earlier part carried over (Input.Continued):
// the core's continuation, and what the log keeps of the earlier events.
func (d *driver) continued(c *Continued) (*executor.Continuation, error) {
	if err := d.in.unpack(); err != nil {
		return nil, err
	}
	cs := d.in.carried
	d.carried = make(map[string]PipeResult, len(cs.Results))
	for _, r := range cs.Results {
		d.carried[r.ID] = r
		if !r.Status.Done() && !r.Started.IsZero() {
			d.log.started[r.ID] = r.Started // its pipe_finished says when its first attempt started
		}
	}
	d.log.known = make(map[string]*nodeMark, len(cs.Nodes))
	top := d.log.static - 1
	for _, n := range cs.Nodes {
		d.log.known[n.ID] = &nodeMark{index: n.Index, ended: n.Ended, ready: n.Ready}
		top = max(top, n.Index)
	}
	d.log.shift = top + 1 - d.log.static // an instance new to this part gets an index no earlier part gave
	return &executor.Continuation{
		Started: c.Started,
		State: func(id string) (executor.NodeState, bool) {
			r, ok := d.carried[id]
			if !ok {
				return executor.NodeState{}, false
			}
			res, err := r.executorResult()
			return executor.NodeState{Result: res, PollSince: r.PollSince}, err == nil
		},
		DeadlinesPassed:      c.DeadlinesPassed,
		DeadlinesMissed:      c.DeadlinesMissed,
		DeadlineHandlerFired: c.DeadlineHandlerFired,
	}, nil
}

func packState(cs *carriedState) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	if err := json.NewEncoder(zw).Encode(cs); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func unpackState(blob []byte) (*carriedState, error) {
	zr, err := gzip.NewReader(bytes.NewReader(blob))
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	var cs carriedState
	if err := json.Unmarshal(data, &cs); err != nil {
		return nil, err
	}
	return &cs, nil
}
