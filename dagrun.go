package dagrun

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
)

// Func is the work of a pipe built in Go. Its result must be JSON-encodable (or a
// cty.Value); it becomes the pipe's output, visible to downstream pipes.
type Func func(ctx context.Context, in Inputs) (any, error)

// Inputs gives a running pipe its identity and its upstreams' results.
type Inputs struct {
	in executor.Input
}

// Pipe is the id of the running pipe.
func (in Inputs) Pipe() string { return in.in.Node }

// Attempt is the 1-based attempt number.
func (in Inputs) Attempt() int { return in.in.Attempt }

// Output returns the output of direct upstream id (cty.NilVal if it has none).
func (in Inputs) Output(id string) (cty.Value, bool) {
	r, ok := in.in.Upstream(id)
	if !ok {
		return cty.NilVal, false
	}
	return r.Output, true
}

// Decode decodes the output of direct upstream id into target, a pointer,
// as encoding/json would decode its JSON (see Result.Decode).
func (in Inputs) Decode(id string, target any) error {
	v, ok := in.Output(id)
	if !ok {
		return fmt.Errorf("%q is not an upstream of %q", id, in.in.Node)
	}
	return decodeValue(v, target)
}

// Upstream returns the result of direct upstream id: its status, error,
// attempts and output. An upstream that a trigger decided on early (a
// one_success or one_failed pipe started while others still ran) is
// Pending with no output.
func (in Inputs) Upstream(id string) (*PipeResult, bool) { return in.in.Upstream(id) }

// Key is the key of the ForEach item the running instance works on, ""
// for a pipe that is not an instance.
func (in Inputs) Key() string { return in.in.Key }

// Instances returns the results of the instances of the ForEach pipe id, a
// direct upstream, in the order they were made (nil when id is not one).
func (in Inputs) Instances(id string) []*PipeResult { return in.in.Instances(id) }

// Pipeline is a runnable graph of pipes, built in Go with New and Add or loaded
// from HCL with Load.
type Pipeline struct {
	name        string
	nodes       []executor.Node
	index       map[string]int
	pools       map[string]int
	parallelism int
	failFast    bool
	timeout     time.Duration
	deadline    time.Duration  // the pipeline's deadline (HCL `deadline`); 0: none
	config      *dhcl.Pipeline // nil for pipelines built in Go
	warnings    hcl2.Diagnostics
	err         error // first Add error, reported by Run
}

// New returns an empty pipeline called name.
func New(name string) *Pipeline {
	return &Pipeline{name: name, index: map[string]int{}, pools: map[string]int{}}
}

// Name is the pipeline's name (the `pipeline` block label or the file's base name
// for HCL pipelines).
func (p *Pipeline) Name() string { return p.name }

// Warnings are the warning diagnostics of loading the pipeline (render them
// with hcl.WriteDiagnostics and Config().Files()).
func (p *Pipeline) Warnings() hcl2.Diagnostics { return p.warnings }

// Config returns the HCL model of a loaded pipeline, or nil.
func (p *Pipeline) Config() *dhcl.Pipeline { return p.config }

// PipeOption configures a pipe added with Add.
type PipeOption func(*executor.Node)

// DependsOn adds upstream pipes.
func DependsOn(ids ...string) PipeOption {
	return func(n *executor.Node) { n.Deps = append(n.Deps, ids...) }
}

// Retry sets the retry policy of the pipe (of each instance, for a
// ForEach pipe): how many times a failed attempt is tried again and how
// long to wait before each, with the fields named:
//
//	dagrun.Retry(dagrun.RetryPolicy{Retries: 3, Delay: time.Second, Backoff: 2, MaxDelay: 30 * time.Second, Jitter: 0.1})
//
// An error wrapped with Permanent is not retried.
func Retry(policy RetryPolicy) PipeOption {
	return func(n *executor.Node) { n.Retry = policy }
}

// Retries sets only the number of retries and the (constant) delay between
// them: Retry(RetryPolicy{Retries: retries, Delay: delay}).
func Retries(retries int, delay time.Duration) PipeOption {
	return Retry(RetryPolicy{Retries: retries, Delay: delay, Backoff: 1})
}

// Timeout limits each attempt.
func Timeout(d time.Duration) PipeOption { return func(n *executor.Node) { n.Timeout = d } }

// InPool makes the pipe take a slot of the named pool (see Pipeline.Pool).
func InPool(name string) PipeOption { return func(n *executor.Node) { n.Pool = name } }

// WithTrigger sets the upstream rule (default AllSuccess): whether the pipe
// runs given how its upstreams ended. A pipe whose rule cannot hold any
// more is skipped with ReasonTriggerNotMet (or ReasonUpstreamFailed,
// ReasonUpstreamSkipped for the rules that need successes).
func WithTrigger(t Trigger) PipeOption { return func(n *executor.Node) { n.Trigger = t } }

// If runs the pipe only when cond returns true (evaluated once the trigger holds);
// otherwise it is skipped.
func If(cond func(ctx context.Context, in Inputs) (bool, error)) PipeOption {
	return func(n *executor.Node) {
		n.Condition = func(ctx context.Context, in executor.Input) (bool, error) { return cond(ctx, Inputs{in}) }
	}
}

// Add adds a pipe running fn. Pipes may be added in any order; dependencies are
// checked by Run. Go pipes get Go zero values: no retries, no timeout, unless set.
func (p *Pipeline) Add(id string, fn Func, opts ...PipeOption) *Pipeline {
	if _, dup := p.index[id]; dup && p.err == nil {
		p.err = fmt.Errorf("pipe %q added twice", id)
	}
	n := executor.Node{ID: id}
	if fn != nil {
		n.Task = func(ctx context.Context, in executor.Input) (cty.Value, error) {
			v, err := fn(ctx, Inputs{in})
			out, cerr := toCty(v)
			if err == nil && cerr != nil {
				err = fmt.Errorf("output of %q: %w", id, cerr)
			}
			return out, err
		}
	}
	for _, o := range opts {
		o(&n)
	}
	p.index[id] = len(p.nodes)
	p.nodes = append(p.nodes, n)
	return p
}

// Pool declares a named concurrency limit.
func (p *Pipeline) Pool(name string, size int) *Pipeline {
	p.pools[name] = size
	return p
}

// toCty converts a Go value to cty through JSON, so any JSON-encodable value can be
// an output. cty values pass through.
func toCty(v any) (cty.Value, error) {
	switch v := v.(type) {
	case nil:
		return cty.NilVal, nil
	case cty.Value:
		return v, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return cty.NilVal, err
	}
	t, err := ctyjson.ImpliedType(b)
	if err != nil {
		return cty.NilVal, err
	}
	return ctyjson.Unmarshal(b, t)
}

// PipeIDs returns the ids of every pipe, in the order they were added (HCL:
// declaration order, composites before their steps).
func (p *Pipeline) PipeIDs() []string {
	ids := make([]string, len(p.nodes))
	for i := range p.nodes {
		ids[i] = p.nodes[i].ID
	}
	return ids
}

// WorkIDs returns the ids of the pipes that do work, in the order of PipeIDs:
// a composite only groups its steps, and is left out. They are the pipes with
// metrics series of their own (metrics.ForPipeline creates them at zero).
func (p *Pipeline) WorkIDs() []string {
	ids := make([]string, 0, len(p.nodes))
	for i := range p.nodes {
		if p.nodes[i].Task != nil || p.nodes[i].Expand != nil {
			ids = append(ids, p.nodes[i].ID)
		}
	}
	return ids
}

// expandTargets is what the targets mean (see hcl.Pipeline.ExpandTargets).
func (p *Pipeline) expandTargets(targets []string) []string {
	if p.config == nil {
		return targets
	}
	return p.config.ExpandTargets(targets)
}

// Graph compiles the pipeline's dependency graph without running anything: for
// plans, drawings and levels.
func (p *Pipeline) Graph() (*executor.Graph, error) {
	if err := p.checkDeps(); err != nil {
		return nil, err
	}
	return executor.NewGraph(p.nodes)
}

// checkDeps reports the first error of building the pipeline: a pipe added
// twice, or one that depends on a pipe the pipeline does not have (named
// with the pipe that needs it, and the closest existing name).
func (p *Pipeline) checkDeps() error {
	if p.err != nil {
		return p.err
	}
	if p.config != nil {
		return nil // the loader has checked every reference, with its range
	}
	for i := range p.nodes {
		for _, d := range p.nodes[i].Deps {
			if _, ok := p.index[d]; !ok {
				return fmt.Errorf("pipe %q depends on %q, which is not in the pipeline%s", p.nodes[i].ID, d, didYouMean(d, p.PipeIDs()))
			}
		}
	}
	return nil
}

// Parallelism is the pipeline's own limit on running pipes (0: unlimited).
func (p *Pipeline) Parallelism() int { return p.parallelism }

// FailFast reports whether the pipeline stops at the first failure.
func (p *Pipeline) FailFast() bool { return p.failFast }

// Timeout is the pipeline's whole-run deadline (0: none).
func (p *Pipeline) Timeout() time.Duration { return p.timeout }

// Pools returns the pipeline's named pools and their sizes (a copy).
func (p *Pipeline) Pools() map[string]int { return maps.Clone(p.pools) }
