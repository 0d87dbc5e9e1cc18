package bind

import (
	"sync"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
)

// StateOf is a result as `pipe.<id>` shows it.
func StateOf(r *executor.Result) dhcl.PipeState {
	s := dhcl.PipeState{Status: r.Status.String(), Output: r.Output, Attempts: r.Attempts, Duration: r.Duration,
		Started: r.Started, Finished: r.Finished, Reason: r.Reason, Allowed: r.Allowed}
	if r.Err != nil {
		s.Error = r.Err.Error()
	}
	return s
}

// states is what the expressions of a pipe that is a node of its own read.
func states(cfg *dhcl.Pipeline, in executor.Input) dhcl.States {
	u := &upstreams{cfg: cfg}
	return u.states(in, nil)
}

// upstreams adapts the executor's results to what HCL evaluation reads. The
// instance states of fan-out upstreams are collected once per pipe and
// shared: the instances of one expansion use one upstreams.
type upstreams struct {
	cfg       *dhcl.Pipeline
	mu        sync.Mutex
	instances map[string]*dhcl.Instances // by pipe id
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
			st := StateOf(r)
			st.Instances = u.collect(id, func() []*executor.Result { return in.Instances(fan) })
			return st, true
		}
		r, ok := in.Upstream(upID)
		if !ok {
			return dhcl.PipeState{}, false
		}
		return StateOf(r), true
	}
}

// collect returns the instance states of pipe id (instances whose series is
// id) among the results all returns, building them on first use. Filtered
// instances (their own `if` was false) are left out, as if their keys were
// not in the collection.
func (u *upstreams) collect(id string, all func() []*executor.Result) *dhcl.Instances {
	u.mu.Lock()
	defer u.mu.Unlock()
	if ins, ok := u.instances[id]; ok {
		return ins
	}
	m := map[string]dhcl.PipeState{}
	for _, r := range all() {
		if r.Pipe == id && r.Key != "" && r.Reason != executor.ReasonFiltered {
			m[r.Key] = StateOf(r)
		}
	}
	ins := dhcl.NewInstances(m)
	if u.instances == nil {
		u.instances = map[string]*dhcl.Instances{}
	}
	u.instances[id] = ins
	return ins
}

// ReportStates is what outputs read after a run: the results of the report,
// with the instances of fan-outs.
func ReportStates(cfg *dhcl.Pipeline, rep *executor.Report) dhcl.States {
	ups := &upstreams{cfg: cfg}
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
			return StateOf(r), true
		}
		r, ok := rep.Result(fan)
		if !ok || !r.Status.Done() {
			return dhcl.PipeState{}, false
		}
		st := StateOf(r)
		st.Instances = ups.collect(id, all)
		return st, true
	}
}
