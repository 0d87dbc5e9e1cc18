package dagrun

import (
	"strings"
	"time"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
)

// Plan is what a run of a pipeline would do, known before anything runs: its
// pipes in the order they can run, their levels, dependencies and policies,
// and which values are known only once the pipes they read have run.
type Plan struct {
	Pipeline    string        // the pipeline's name
	Parallelism int           // the pipeline's own limit on running pipes (0: unlimited)
	FailFast    bool          // the run stops at the first failed pipe
	Timeout     time.Duration // the whole run's time limit (0: none)
	Deadline    time.Duration // when every pipe should have ended (0: none): missing it stops nothing
	Levels      int           // the levels of the graph: a pipe's level is one more than its deepest upstream's
	Pipes       []PlannedPipe // each after what it depends on (the graph's stable topological order)
}

// PlannedPipe is one pipe of a Plan. The steps of a for_each composite are no
// nodes of the graph (each instance of the composite runs them): they follow
// the composite, in declaration order, with its level and InstanceOf set.
type PlannedPipe struct {
	ID          string               // the pipe's id
	Path        string               // the display name: "group.step" for a step of "group"
	Type        string               // the pipe type's name; "composite"; "" for a pipe built in Go
	Level       int                  // one more than its deepest upstream's
	DependsOn   []string             // ids of its direct upstreams
	Trigger     executor.Trigger     // its upstream rule
	Condition   bool                 // it has an `if` (a condition built in Go): known after apply
	Retry       executor.RetryPolicy // its retry policy
	Timeout     time.Duration        // per attempt (0: none)
	Pool        string               // its pool, "" for none
	Description string               // its description
	Args        []PlannedArg         // the type's arguments present in the block, in source order
	ForEach     *PlannedForEach      // nil unless the pipe has for_each
	InstanceOf  string               // the for_each composite whose instances run this step
	Deadline    time.Duration        // when it should have ended, from the run's start (0: none)
	// Handler is the kind of a handler of the run ("failure", ...; its ID
	// is handler.<kind>), "" for a pipe.
	Handler string
}

// PlannedForEach is the fan-out of a for_each pipe.
type PlannedForEach struct {
	Expression string // the collection's expression as written
	// KnownAfterApply: the collection reads upstream pipes, so its keys (and
	// the instances) are known only once they have run.
	KnownAfterApply bool
	Keys            []string // the keys of a static collection, in order
}

// PlannedArg is an argument of a pipe's type.
type PlannedArg struct {
	Name string // the argument's name
	// Expression is the argument's expression as written, never its value;
	// empty when it is sensitive (or its text is unavailable).
	Expression string
	// KnownAfterApply: the value reads upstream pipes.
	KnownAfterApply bool
	// Value is the argument's value when it is known before the run
	// (variables, locals and functions evaluated), else cty.NilVal: it
	// reads pipes, or each (one value per instance), or is sensitive.
	Value cty.Value
	// Sensitive: the value is derived from a sensitive variable.
	Sensitive bool
}

// Plan computes the plan of p without running anything. Its error is the
// graph's (a cycle, an unknown dependency) or a pipe's settings'.
func (p *Pipeline) Plan() (*Plan, error) {
	g, err := p.Graph()
	if err != nil {
		return nil, err
	}
	c := g.Compiled()
	pl := &Plan{Pipeline: p.name, Parallelism: p.parallelism, FailFast: p.failFast, Timeout: p.timeout, Deadline: p.deadline, Levels: len(c.Levels())}
	cfg := p.config
	n := len(c.IDs) // the nodes, and the steps of for_each composites
	if cfg != nil {
		n = len(cfg.Pipes)
	}
	if n > 0 { // else Pipes stays nil, as it was
		pl.Pipes = make([]PlannedPipe, 0, n)
	}
	for _, i := range c.Order() {
		id := c.IDs[i]
		level := c.Level(int(i))
		if cfg == nil {
			pl.Pipes = append(pl.Pipes, p.plannedNode(id, level))
			continue
		}
		cp, _ := cfg.Pipe(id)
		pp, err := plannedPipe(cfg, cp, level)
		if err != nil {
			return nil, err
		}
		pl.Pipes = append(pl.Pipes, pp)
		if cp.ForEach == nil || !cp.Composite {
			continue
		}
		for _, step := range cfg.Pipes {
			if step.FanOut == cp.ID {
				sp, err := plannedPipe(cfg, step, level)
				if err != nil {
					return nil, err
				}
				sp.InstanceOf = cp.ID
				pl.Pipes = append(pl.Pipes, sp)
			}
		}
	}
	return pl, nil
}

// plannedNode is the plan of a pipe built in Go.
func (p *Pipeline) plannedNode(id string, level int) PlannedPipe {
	n := &p.nodes[p.index[id]]
	pp := PlannedPipe{ID: id, Path: id, Level: level, DependsOn: append([]string{}, n.Deps...), Trigger: n.Trigger,
		Condition: n.Condition != nil, Retry: n.Retry, Timeout: n.Timeout, Pool: n.Pool}
	if len(n.Steps) > 0 {
		pp.Type = "composite"
	}
	return pp
}

// plannedPipe is the plan of a pipe of an HCL pipeline.
func plannedPipe(cfg *dhcl.Pipeline, cp *dhcl.Pipe, level int) (PlannedPipe, error) {
	trig, err := executor.ParseTrigger(cp.Trigger)
	if err != nil {
		return PlannedPipe{}, err
	}
	pp := PlannedPipe{
		ID: cp.ID, Path: cp.Path, Type: "composite", Level: level, DependsOn: append([]string{}, cp.Deps...),
		Trigger: trig, Condition: cp.HasCondition, Retry: cp.Retry, Timeout: cp.Timeout,
		Pool: cp.Pool, Description: cp.Description, Deadline: cp.Deadline, Handler: cp.Handler,
	}
	if cp.Type != nil {
		pp.Type = cp.Type.Name
	}
	if fe := cp.ForEach; fe != nil {
		pp.ForEach = &PlannedForEach{Expression: exprText(cfg, "for_each", fe.Range), KnownAfterApply: fe.Dynamic}
		if !fe.Dynamic {
			pp.ForEach.Keys = fe.Keys
		}
	}
	for _, a := range cp.Args {
		pa := PlannedArg{Name: a.Name, KnownAfterApply: a.KnownAfterApply, Sensitive: a.Sensitive}
		if !a.Sensitive {
			pa.Expression = exprText(cfg, a.Name, a.Range)
			switch {
			case a.Value != cty.NilVal:
				pa.Value = a.Value // as the load computed it
			case !a.KnownAfterApply && pa.Expression != "":
				v, diags := cfg.EvalText(a.Range.Filename, []byte(pa.Expression+"\n"), hcl2.InitialPos, nil)
				if !diags.HasErrors() && v.IsWhollyKnown() {
					pa.Value = v
				}
			}
		}
		pp.Args = append(pp.Args, pa)
	}
	return pp, nil
}

// exprText is the text of argument name's expression as written. r is the
// range of the whole argument, `name = expr`, or of expr alone.
func exprText(cfg *dhcl.Pipeline, name string, r hcl2.Range) string {
	src, ok := cfg.SourceOf(r)
	if !ok {
		return ""
	}
	s := string(src)
	if rest, ok := strings.CutPrefix(s, name); ok {
		if expr, ok := strings.CutPrefix(strings.TrimLeft(rest, " \t"), "="); ok {
			s = expr
		}
	}
	return strings.TrimSpace(s)
}
