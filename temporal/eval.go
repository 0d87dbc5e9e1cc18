package temporal

import (
	"errors"
	"fmt"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/pipes"
)

// This file is the workflow's counterpart of the root package's load.go and
// foreach.go: what a pipe's expressions read, and how a for_each pipe expands
// into instances (one per key; a small DAG per key for a for_each composite).

// evalCondition evaluates a node's `if`.
func (w *walker) evalCondition(n *node) (bool, hcl2.Diagnostics) {
	if n.each != nil {
		return w.cfg.EvalInstanceCondition(n.pipe.ID, *n.each, w.states(n))
	}
	return w.cfg.EvalCondition(n.pipe.ID, w.states(n))
}

// decodeArgs evaluates a node's arguments into its type's struct.
func (w *walker) decodeArgs(n *node) (any, hcl2.Diagnostics) {
	if n.each != nil {
		return w.cfg.DecodeInstanceArgs(n.pipe.ID, *n.each, w.states(n))
	}
	return w.cfg.DecodeArgs(n.pipe.ID, w.states(n))
}

// states is what n's expressions read: plain pipes by id; for an instance, the
// pipes of its own fan-out are its sibling instances (same key); a pipe of
// another fan-out is that fan-out's result with its instances.
func (w *walker) states(n *node) dhcl.States {
	var root *node
	if n.parent != nil {
		root = n.parent
	}
	return func(id string) (dhcl.PipeState, bool) {
		cp, ok := w.cfg.Pipe(id)
		if !ok {
			return dhcl.PipeState{}, false
		}
		fan := cp.FanOutID()
		upID := id
		switch {
		case fan == "":
		case root != nil && fan == root.id:
			upID = dhcl.InstanceID(root.pipe, n.key, cp)
		default:
			up, ok := w.byTask[fan]
			if !ok || !up.done() {
				return dhcl.PipeState{}, false
			}
			st := w.state(up)
			st.Instances = w.instanceStates(id, up)
			return st, true
		}
		up, ok := w.byTask[upID]
		if !ok || !up.done() {
			return dhcl.PipeState{}, false
		}
		return w.state(up), true
	}
}

func (w *walker) state(n *node) dhcl.PipeState {
	s := dhcl.PipeState{Status: n.res.Status.String(), Output: n.output, Attempts: n.res.Attempts, Duration: n.res.Duration}
	if n.res.Err != nil {
		s.Error = n.res.Err.Error()
	}
	return s
}

// instanceStates returns the states of the instances of pipe id (whose series
// is id) in finished fan-out fan, built once: they no longer change.
func (w *walker) instanceStates(id string, fan *node) *dhcl.Instances {
	if ins, ok := w.instCache[id]; ok {
		return ins
	}
	m := map[string]dhcl.PipeState{}
	for _, inst := range fan.instances {
		if inst.res.Pipe == id && inst.key != "" {
			m[inst.key] = w.state(inst)
		}
	}
	ins := dhcl.NewInstances(m)
	w.instCache[id] = ins
	return ins
}

// isFanOut reports whether n is a for_each pipe whose instances are still to
// be made.
func (w *walker) isFanOut(n *node) bool { return n.parent == nil && n.pipe.ForEach != nil }

// templateStep is one instance made per key: the fan-out pipe itself (the
// first), or a pipe inside a for_each composite.
type templateStep struct {
	pipe   *dhcl.Pipe
	suffix string // appended to id[key]: "" for the pipe itself, ".load", ".inner.x"
	deps   []int  // indexes of the template steps it waits for
}

// expand makes the instances of fan-out n, now that its trigger and condition
// hold: the collection is evaluated with the upstream results.
func (w *walker) expand(n *node) {
	elems, diags := w.cfg.EvalForEach(n.id, w.states(n))
	if diags.HasErrors() {
		err := errors.New(w.cfg.Redact(dhcl.DiagnosticsError(diags).Error()))
		w.fail(n, pipes.Permanent(fmt.Errorf("for_each: %w", err)), cty.NilVal)
		return
	}
	steps, err := w.template(n.pipe)
	if err != nil {
		w.fail(n, pipes.Permanent(fmt.Errorf("for_each: %w", err)), cty.NilVal)
		return
	}
	if len(elems) == 0 {
		w.finish(n, executor.StatusSucceeded, "", nil, cty.NilVal)
		return
	}
	block := make([]node, len(elems)*len(steps))
	k := 0
	for e := range elems {
		each := &elems[e]
		base := n.id + "[" + each.Key + "]"
		first := k
		for _, s := range steps {
			inst := &block[k]
			k++
			if s.suffix == "" {
				inst.trigger, inst.retry, inst.timeout, inst.pool = n.trigger, n.retry, n.timeout, n.pool
				inst.pipe, inst.typ, inst.series = s.pipe, s.pipe.Type, n.series
			} else if err := w.initNode(inst, s.pipe); err != nil {
				w.fail(n, pipes.Permanent(fmt.Errorf("for_each: %w", err)), cty.NilVal)
				return
			}
			inst.id, inst.key, inst.each, inst.parent, inst.static = base+s.suffix, each.Key, each, n, n.static
			inst.cond = s.pipe.HasCondition && s.pipe.EachCondition
			inst.res = executor.Result{ID: inst.id, Pipe: inst.series, Key: each.Key}
			for _, d := range s.deps {
				p := &block[first+d]
				inst.preds = append(inst.preds, p)
				p.succs = append(p.succs, inst)
			}
			inst.remaining = len(inst.preds)
		}
	}
	n.res.Started = w.now()
	n.openInst = len(block)
	w.pending += len(block)
	for k := range block {
		inst := &block[k]
		inst.index = len(w.nodes)
		w.nodes = append(w.nodes, inst)
		w.byTask[inst.id] = inst
		n.instances = append(n.instances, inst)
	}
	for _, inst := range n.instances {
		if inst.remaining == 0 {
			w.work = append(w.work, inst)
		}
	}
}

// template lists what each key of fan-out root runs: root itself, then the
// pipes of a for_each composite in declaration order.
func (w *walker) template(root *dhcl.Pipe) ([]templateStep, error) {
	steps := []templateStep{{pipe: root}}
	index := map[string]int{root.ID: 0}
	for _, cp := range w.cfg.Pipes {
		if cp.FanOut != root.ID {
			continue
		}
		index[cp.ID] = len(steps)
		steps = append(steps, templateStep{pipe: cp, suffix: strings.TrimPrefix(cp.Path, root.Path)})
	}
	for i := range steps[1:] {
		s := &steps[i+1]
		for _, d := range s.pipe.Deps {
			j, ok := index[d]
			if !ok {
				return nil, fmt.Errorf("pipe %s: dependency %s is outside its for_each composite %s", s.pipe.ID, d, root.ID)
			}
			s.deps = append(s.deps, j)
		}
	}
	return steps, nil
}

// finishFanOut ends a fan-out node once all its instances are done: failed
// if any failed, else cancelled if any was, else succeeded if any succeeded,
// else skipped.
func (w *walker) finishFanOut(n *node) {
	var failed, cancelled, succeeded int
	var err error
	reason := ""
	for _, inst := range n.instances {
		n.res.Attempts += inst.res.Attempts
		switch inst.res.Status {
		case executor.StatusFailed:
			if failed == 0 {
				err = fmt.Errorf("instance %s failed: %w", inst.res.ID, inst.res.Err)
			}
			failed++
		case executor.StatusCancelled:
			cancelled++
			reason = inst.res.Reason
		case executor.StatusSucceeded:
			succeeded++
		}
	}
	switch {
	case failed > 0:
		w.failed = true
		w.finish(n, executor.StatusFailed, "", err, cty.NilVal)
	case cancelled > 0:
		w.finish(n, executor.StatusCancelled, reason, nil, cty.NilVal)
	case succeeded > 0:
		w.finish(n, executor.StatusSucceeded, "", nil, cty.NilVal)
	default:
		w.finish(n, executor.StatusSkipped, executor.ReasonConditionFalse, nil, cty.NilVal)
	}
}
