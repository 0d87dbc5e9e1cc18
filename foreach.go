package dagrun

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/pipes"
)

// A for_each pipe is one executor fan-out node, static collection or dynamic:
// its Expand evaluates the collection (static ones were evaluated at load)
// and returns one instance per key, named id[key]. A for_each composite
// expands into a small DAG per key: a gate instance id[key] (its `if`, when
// that reads each), then one instance per step, id[key].path, with the deps,
// trigger, retries, timeout and pool of that step; the steps' metrics series
// are their own ids, as without for_each.

// templateStep is one instance made per key: the fan-out pipe itself (the
// first), or a pipe inside a for_each composite.
type templateStep struct {
	pipe   *dhcl.Pipe
	suffix string         // appended to id[key]: "" for the pipe itself, ".load", ".inner.x"
	deps   []int          // indexes of the template steps it waits for
	steps  []int          // a composite's: indexes of its direct steps
	node   *executor.Node // its own settings; nil for the fan-out pipe (the node's)
}

// fanOut makes the Expand of for_each pipe root.
func fanOut(cfg *dhcl.Pipeline, root *dhcl.Pipe) (executor.Expand, error) {
	steps := []templateStep{{pipe: root}}
	index := map[string]int{root.ID: 0}
	for _, cp := range cfg.Pipes {
		if cp.FanOut != root.ID {
			continue
		}
		n, err := nodeSettings(cp)
		if err != nil {
			return nil, err
		}
		n.Pipe = cp.ID
		index[cp.ID] = len(steps)
		steps = append(steps, templateStep{pipe: cp, suffix: strings.TrimPrefix(cp.Path, root.Path), node: &n})
	}
	for i := range steps {
		for _, m := range steps[i].pipe.Steps {
			steps[i].steps = append(steps[i].steps, index[m])
		}
	}
	for i := range steps[1:] {
		s := &steps[i+1]
		for _, d := range s.pipe.Deps {
			j, ok := index[d]
			if !ok {
				return nil, errors.New("pipe " + s.pipe.ID + ": dependency " + d + " is outside its for_each composite " + root.ID)
			}
			s.deps = append(s.deps, j)
		}
	}
	return func(ctx context.Context, in executor.Input) ([]executor.Instance, error) {
		// One cache for the whole expansion: upstream results are final, and
		// every instance may read the same upstream fan-out.
		ups := newUpstreams(cfg)
		elems, diags := cfg.EvalForEach(root.ID, ups.states(in, nil))
		if diags.HasErrors() {
			return nil, errors.New(cfg.Redact(dhcl.DiagnosticsError(diags).Error()))
		}
		insts := make([]executor.Instance, 0, len(elems)*len(steps))
		for _, each := range elems {
			base := root.ID + "[" + each.Key + "]"
			for _, s := range steps {
				inst := executor.Instance{Key: each.Key, ID: base + s.suffix, Node: s.node}
				if len(s.deps) > 0 {
					inst.Deps = make([]string, len(s.deps))
					for k, d := range s.deps {
						inst.Deps[k] = base + steps[d].suffix
					}
				}
				if s.pipe.Type != nil {
					inst.Task = instanceTask(cfg, root, s.pipe, each, ups)
				}
				if s.pipe.Composite {
					inst.Steps = make([]string, len(s.steps))
					for k, m := range s.steps {
						inst.Steps[k] = base + steps[m].suffix
					}
				}
				if s.pipe.HasCondition && s.pipe.EachCondition {
					inst.Condition = instanceCondition(cfg, root, s.pipe, each, ups)
				}
				insts = append(insts, inst)
			}
		}
		return insts, nil
	}, nil
}

func instanceTask(cfg *dhcl.Pipeline, root, cp *dhcl.Pipe, each dhcl.Each, ups *upstreams) executor.Task {
	id, typ := cp.ID, cp.Type
	return func(ctx context.Context, in executor.Input) (cty.Value, error) {
		args, diags := cfg.DecodeInstanceArgs(id, each, ups.states(in, root))
		if diags.HasErrors() {
			return cty.NilVal, pipes.Permanent(errors.New(cfg.Redact(dhcl.DiagnosticsError(diags).Error())))
		}
		return typ.Run(ctx, args, pipeRuntime(ctx, in.Node, in.Attempt, cfg.Dir))
	}
}

func instanceCondition(cfg *dhcl.Pipeline, root, cp *dhcl.Pipe, each dhcl.Each, ups *upstreams) executor.Condition {
	id := cp.ID
	return func(ctx context.Context, in executor.Input) (bool, error) {
		ok, diags := cfg.EvalInstanceCondition(id, each, ups.states(in, root))
		if diags.HasErrors() {
			return false, errors.New(cfg.Redact(dhcl.DiagnosticsError(diags).Error()))
		}
		return ok, nil
	}
}

// upstreams adapts the executor's results to what HCL evaluation reads. The
// instance states of fan-out upstreams are collected once per pipe and
// shared: the instances of one expansion use one upstreams.
type upstreams struct {
	cfg       *dhcl.Pipeline
	mu        sync.Mutex
	instances map[string]*dhcl.Instances // by pipe id
}

func newUpstreams(cfg *dhcl.Pipeline) *upstreams {
	return &upstreams{cfg: cfg, instances: map[string]*dhcl.Instances{}}
}

// states is what a pipe's expressions read (root nil), or those of an
// instance of fan-out root: the pipes of the same instance are its sibling
// instances (in.Key), the pipes of other fan-outs their fan-out's result with
// its instances.
func (u *upstreams) states(in executor.Input, root *dhcl.Pipe) dhcl.States {
	return func(id string) (dhcl.PipeState, bool) {
		cp, ok := u.cfg.Pipe(id)
		if !ok {
			return dhcl.PipeState{}, false
		}
		fan := cp.FanOutID()
		upID := id
		switch {
		case fan == "":
		case root != nil && fan == root.ID:
			upID = dhcl.InstanceID(root, in.Key, cp)
		default:
			r, ok := in.Upstream(fan)
			if !ok {
				return dhcl.PipeState{}, false
			}
			st := stateOf(r)
			st.Instances = u.collect(id, func() []*executor.Result { return in.Instances(fan) })
			return st, true
		}
		r, ok := in.Upstream(upID)
		if !ok {
			return dhcl.PipeState{}, false
		}
		return stateOf(r), true
	}
}

// collect returns the instance states of pipe id (instances whose series is
// id) among the results all returns, building them on first use.
func (u *upstreams) collect(id string, all func() []*executor.Result) *dhcl.Instances {
	u.mu.Lock()
	defer u.mu.Unlock()
	if ins, ok := u.instances[id]; ok {
		return ins
	}
	m := map[string]dhcl.PipeState{}
	for _, r := range all() {
		if r.Pipe == id && r.Key != "" {
			m[r.Key] = stateOf(r)
		}
	}
	ins := dhcl.NewInstances(m)
	u.instances[id] = ins
	return ins
}

// reportStates is what outputs read after a run: the results of the report,
// with the instances of fan-outs.
func reportStates(cfg *dhcl.Pipeline, rep *executor.Report) dhcl.States {
	ups := newUpstreams(cfg)
	var instances []*executor.Result
	all := func() []*executor.Result {
		if instances == nil {
			instances = []*executor.Result{}
			for i := range rep.Results {
				if rep.Results[i].Key != "" {
					instances = append(instances, &rep.Results[i])
				}
			}
		}
		return instances
	}
	return func(id string) (dhcl.PipeState, bool) {
		cp, ok := cfg.Pipe(id)
		if !ok {
			return dhcl.PipeState{}, false
		}
		fan := cp.FanOutID()
		if fan == "" {
			r, ok := rep.Result(id)
			if !ok || !r.Status.Done() {
				return dhcl.PipeState{}, false
			}
			return stateOf(r), true
		}
		r, ok := rep.Result(fan)
		if !ok || !r.Status.Done() {
			return dhcl.PipeState{}, false
		}
		st := stateOf(r)
		st.Instances = ups.collect(id, all)
		return st, true
	}
}
