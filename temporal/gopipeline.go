package temporal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zclconf/go-cty/cty"
	"go.temporal.io/sdk/activity"
	sdktemporal "go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/internal/bind"
	"github.com/dagrun/dagrun/pipes"
)

// Names of what runs the pipes of a pipeline built in Go.
const (
	// GoPipeType is the pipe type of an attempt of a pipe built in Go (its
	// Func, or the ItemFunc of one item of a ForEach pipe): an activity of
	// type ActivityName like any other attempt.
	GoPipeType = "dagrun.go"
	// GoEvalActivityName is the activity type that evaluates the If
	// condition and the ForEach items of a pipe built in Go.
	GoEvalActivityName = "dagrun.go.eval"
)

// Error types of a run of a pipeline built in Go that cannot start.
const (
	// ErrTypeGoPipelineMissing: the worker that took the run has no
	// pipeline registered under the run's pipeline name.
	ErrTypeGoPipelineMissing = "dagrun.GoPipelineMissing"
	// ErrTypeGoPipelineMismatch: the worker's pipeline of that name is not
	// the starter's (its pipes or settings differ).
	ErrTypeGoPipelineMismatch = "dagrun.GoPipelineMismatch"
)

// GoPipeline stands, in a run's input, for a pipeline built in Go: the
// workers build it from their own registration (WorkerOptions.Pipelines)
// and check it against what the starter built.
type GoPipeline struct {
	Pipes map[string]GoFingerprint // by pipe id
	Pools map[string]int           `json:",omitempty"`
}

// GoFingerprint is what the starter and a worker must agree on about a pipe
// built in Go: everything the scheduling core reads of it (its functions
// only by their presence).
type GoFingerprint struct {
	Kind     string   // "func", "for_each" or "gate" (a pipe with no function)
	Deps     []string // sorted
	If       bool     `json:",omitempty"`
	Trigger  string   `json:",omitempty"`
	Retry    executor.RetryPolicy
	Timeout  time.Duration `json:",omitempty"`
	Pool     string        `json:",omitempty"`
	Handler  string        `json:",omitempty"`
	Deadline time.Duration `json:",omitempty"`
}

// goPipelineOf describes p, a pipeline built in Go, for a run's input.
func goPipelineOf(p *dagrun.Pipeline) (*GoPipeline, error) {
	g, err := p.Graph()
	if err != nil {
		return nil, err
	}
	out := &GoPipeline{Pipes: map[string]GoFingerprint{}, Pools: p.Pools()}
	if len(out.Pools) == 0 {
		out.Pools = nil
	}
	for i := range g.Len() {
		n := g.Node(i)
		fp := GoFingerprint{Kind: "gate", Deps: slices.Compact(slices.Sorted(slices.Values(n.Deps))), If: n.Condition != nil,
			Retry: n.Retry, Timeout: n.Timeout, Pool: n.Pool, Deadline: n.Deadline}
		switch {
		case n.Expand != nil:
			fp.Kind = "for_each"
		case n.Task != nil:
			fp.Kind = "func"
		}
		if n.Trigger != executor.AllSuccess {
			fp.Trigger = n.Trigger.String()
		}
		if n.Handler != executor.NotHandler {
			fp.Handler = n.Handler.String()
		}
		if len(n.Steps) > 0 || n.UpToDate != nil {
			return nil, fmt.Errorf("pipe %q: only pipes made with Add and ForEach can run on Temporal", n.ID)
		}
		out.Pipes[n.ID] = fp
	}
	return out, nil
}

// mismatch says how the worker's pipeline (got) differs from the
// starter's (want), "" when it does not.
func (want *GoPipeline) mismatch(got *GoPipeline) string {
	var only, lacks, differ []string
	for _, id := range slices.Sorted(maps.Keys(want.Pipes)) {
		g, ok := got.Pipes[id]
		switch {
		case !ok:
			lacks = append(lacks, id)
		case !reflect.DeepEqual(normal(g), normal(want.Pipes[id])):
			differ = append(differ, fmt.Sprintf("%s (starter: %s; worker: %s)", id, describe(want.Pipes[id]), describe(g)))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(got.Pipes)) {
		if _, ok := want.Pipes[id]; !ok {
			only = append(only, id)
		}
	}
	var parts []string
	if len(lacks) > 0 {
		parts = append(parts, "the worker's has no pipe "+strings.Join(lacks, ", "))
	}
	if len(only) > 0 {
		parts = append(parts, "the starter's has no pipe "+strings.Join(only, ", "))
	}
	if len(differ) > 0 {
		parts = append(parts, "pipes differ: "+strings.Join(differ, "; "))
	}
	if !maps.Equal(want.Pools, got.Pools) {
		parts = append(parts, fmt.Sprintf("pools differ (starter: %v; worker: %v)", want.Pools, got.Pools))
	}
	return strings.Join(parts, "; ")
}

func normal(fp GoFingerprint) GoFingerprint {
	if len(fp.Deps) == 0 {
		fp.Deps = nil
	}
	if len(fp.Retry.Delays) == 0 {
		fp.Retry.Delays = nil
	}
	return fp
}

// describe says what a fingerprint holds, for a mismatch's error.
func describe(fp GoFingerprint) string {
	fp = normal(fp)
	parts := []string{fp.Kind, "depends on [" + strings.Join(fp.Deps, ", ") + "]"}
	if fp.If {
		parts = append(parts, "if")
	}
	if fp.Trigger != "" {
		parts = append(parts, "trigger "+fp.Trigger)
	}
	if !reflect.DeepEqual(fp.Retry, executor.RetryPolicy{}) {
		parts = append(parts, fmt.Sprintf("retry %+v", fp.Retry))
	}
	if fp.Timeout > 0 {
		parts = append(parts, "timeout "+fp.Timeout.String())
	}
	if fp.Pool != "" {
		parts = append(parts, "pool "+fp.Pool)
	}
	if fp.Handler != "" {
		parts = append(parts, fp.Handler+" handler")
	}
	if fp.Deadline > 0 {
		parts = append(parts, "deadline "+fp.Deadline.String())
	}
	return strings.Join(parts, ", ")
}

// goPipelines are a worker's pipelines built in Go, built once each.
type goPipelines struct {
	queue string
	make  map[string]func() *dagrun.Pipeline
	mu    sync.Mutex
	built map[string]*builtPipeline
}

// builtPipeline is a registered pipeline, built.
type builtPipeline struct {
	p     *dagrun.Pipeline
	g     *executor.Graph
	index map[string]int
	desc  *GoPipeline
}

func newGoPipelines(queue string, pipelines map[string]func() *dagrun.Pipeline) *goPipelines {
	return &goPipelines{queue: queue, make: pipelines, built: map[string]*builtPipeline{}}
}

// errNoGoPipeline is the error of a worker that lacks a pipeline.
type errNoGoPipeline struct {
	name, queue string
	have        []string
}

func (e *errNoGoPipeline) Error() string {
	have := "none"
	if len(e.have) > 0 {
		have = strings.Join(e.have, ", ")
	}
	return fmt.Sprintf("the worker of task queue %q has no Go pipeline %q registered (WorkerOptions.Pipelines has: %s)", e.queue, e.name, have)
}

// get builds the pipeline registered as name, once.
func (r *goPipelines) get(name string) (*builtPipeline, error) {
	if r == nil {
		return nil, &errNoGoPipeline{name: name}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if b, ok := r.built[name]; ok {
		return b, nil
	}
	mk, ok := r.make[name]
	if !ok {
		return nil, &errNoGoPipeline{name: name, queue: r.queue, have: slices.Sorted(maps.Keys(r.make))}
	}
	p, err := recovered(func() (*dagrun.Pipeline, error) { return mk(), nil })
	if err != nil {
		return nil, fmt.Errorf("building Go pipeline %q: %w", name, err)
	}
	if p == nil || p.Name() != name {
		return nil, fmt.Errorf("the Go pipeline registered as %q is not named so (Pipeline.Name is what the starter sends)", name)
	}
	if p.Config() != nil {
		return nil, fmt.Errorf("the pipeline registered as %q was loaded from HCL: run it with a Source", name)
	}
	g, err := p.Graph()
	if err != nil {
		return nil, fmt.Errorf("Go pipeline %q: %w", name, err)
	}
	desc, err := goPipelineOf(p)
	if err != nil {
		return nil, fmt.Errorf("Go pipeline %q: %w", name, err)
	}
	b := &builtPipeline{p: p, g: g, index: map[string]int{}, desc: desc}
	for i := range g.Len() {
		b.index[g.Node(i).ID] = i
	}
	r.built[name] = b
	return b, nil
}

func (b *builtPipeline) node(id string) (*executor.Node, bool) {
	i, ok := b.index[id]
	if !ok {
		return nil, false
	}
	return b.g.Node(i), true
}

// workflowWith is the workflow of a run for a worker with types and the Go
// pipelines gp (nil: none).
func workflowWith(types *pipes.Registry, gp *goPipelines) func(ctx workflow.Context, in Input) (*Output, error) {
	return func(ctx workflow.Context, in Input) (*Output, error) {
		if in.Go != nil {
			return runGoWorkflow(ctx, gp, in)
		}
		return runWorkflow(ctx, types, in)
	}
}

// runGoWorkflow is the workflow of a run of a pipeline built in Go: the
// worker builds the pipeline from its registration, checks it is the
// starter's, and drives the scheduling core over it as for an HCL
// pipeline; every function of the pipeline runs as an activity.
func runGoWorkflow(ctx workflow.Context, gp *goPipelines, in Input) (*Output, error) {
	queue := workflow.GetInfo(ctx).TaskQueueName
	b, err := gp.get(in.Name)
	if err != nil {
		var missing *errNoGoPipeline
		if errors.As(err, &missing) {
			missing.queue = queue
			return nil, sdktemporal.NewNonRetryableApplicationError(missing.Error(), ErrTypeGoPipelineMissing, nil)
		}
		return nil, sdktemporal.NewNonRetryableApplicationError(err.Error(), ErrTypeGoPipelineMismatch, nil)
	}
	if diff := in.Go.mismatch(b.desc); diff != "" {
		msg := fmt.Sprintf("the Go pipeline %q of the worker of task queue %q is not the starter's: %s", in.Name, queue, diff)
		return nil, sdktemporal.NewNonRetryableApplicationError(msg, ErrTypeGoPipelineMismatch, nil)
	}
	d := newDriverOf(ctx, in.Name, in)
	nodes := make([]executor.Node, b.g.Len())
	ids := make([]string, b.g.Len())
	for i := range nodes {
		ids[i] = b.g.Node(i).ID
	}
	for i := range nodes {
		n := *b.g.Node(i)
		if n.Task != nil {
			n.Task = d.goAttempt(n.ID, goKindFunc, ids)
		}
		if n.Condition != nil {
			n.Condition = d.goCondition(n.ID, ids)
		}
		if n.Expand != nil {
			n.Expand = d.goExpand(n.ID, ids)
		}
		nodes[i] = n
	}
	if nodes, err = executor.Select(nodes, in.Targets); err != nil {
		return nil, sdktemporal.NewNonRetryableApplicationError(err.Error(), "dagrun.InvalidPipeline", nil)
	}
	if err := d.schedule(ctx, nodes, b.desc.Pools); err != nil {
		return nil, sdktemporal.NewNonRetryableApplicationError(err.Error(), "dagrun.InvalidPipeline", nil)
	}
	if err := workflow.SetQueryHandler(ctx, EventsQuery, d.log.page); err != nil {
		return nil, err
	}
	return d.run()
}

// What a goCall runs of a pipe.
const (
	goKindFunc  = "func"  // an attempt of its Func
	goKindItem  = "item"  // an attempt of its ItemFunc on one item (Key)
	goKindIf    = "if"    // its If condition
	goKindItems = "items" // its ForEach items: their keys
)

// goCall is one call of a function of a pipe built in Go, with what it
// reads of the run: the results of its upstreams when it was let start.
type goCall struct {
	Pipeline string
	Node     string // the pipe's id
	Kind     string
	Task     string // id, or id[key] for an item
	Key      string `json:",omitempty"`
	Attempt  int    `json:",omitempty"`
	// Upstreams are the results of the direct upstreams, in graph order;
	// for a handler, of every pipe.
	Upstreams []PipeResult `json:",omitempty"`
	// Instances are those of the upstreams that are ForEach pipes.
	Instances map[string][]PipeResult `json:",omitempty"`
	// Run is what a handler sees of its run.
	Run     *executor.RunView `json:",omitempty"`
	Handler bool              `json:",omitempty"`
}

// goArgs are the arguments of an attempt of GoPipeType: the goCall, as
// JSON.
type goArgs struct {
	Call string `hcl:"call"`
}

// wireResult is r on the wire.
func wireResult(r *executor.Result) (PipeResult, error) {
	out, err := encodeValue(r.Output)
	if err != nil {
		return PipeResult{}, fmt.Errorf("output of %s: %w", r.ID, err)
	}
	return PipeResult{ID: r.ID, Pipe: r.Pipe, Key: r.Key, Status: r.Status, Reason: r.Reason, Attempts: r.Attempts,
		Output: out, Err: errString(r.Err), Started: r.Started, Finished: r.Finished, Duration: r.Duration,
		Allowed: r.Allowed, Handler: r.Handler}, nil
}

// newGoCall is the call of kind for the step whose input is in, with the
// results it may read (ids: every pipe of the pipeline, for a handler).
func (d *driver) newGoCall(node, kind string, in executor.Input, ids []string) (goCall, error) {
	c := goCall{Pipeline: d.name, Node: node, Kind: kind, Task: in.Node, Key: in.Key, Attempt: in.Attempt}
	add := func(r *executor.Result) error {
		w, err := wireResult(r)
		if err != nil {
			return err
		}
		c.Upstreams = append(c.Upstreams, w)
		for _, inst := range in.Instances(r.ID) {
			w, err := wireResult(inst)
			if err != nil {
				return err
			}
			if c.Instances == nil {
				c.Instances = map[string][]PipeResult{}
			}
			c.Instances[r.ID] = append(c.Instances[r.ID], w)
		}
		return nil
	}
	if in.IsHandler() {
		c.Handler = true
		rv := in.Run()
		c.Run = &rv
		for _, id := range ids {
			if r, ok := in.Upstream(id); ok {
				if err := add(r); err != nil {
					return c, err
				}
			}
		}
		return c, nil
	}
	for _, r := range in.Upstreams() {
		if err := add(r); err != nil {
			return c, err
		}
	}
	return c, nil
}

// goPipeType is GoPipeType with run: on a worker, what runs the attempt;
// in the workflow's binding, nothing (the attempt is an activity).
func goPipeType(run pipes.RunFunc) *pipes.Type {
	return &pipes.Type{Name: GoPipeType, Args: reflect.TypeFor[goArgs](), Run: run,
		Description: "an attempt of a pipe built in Go, registered on the worker"}
}

// goAttempt is the Task of pipe id in the workflow: each attempt is an
// activity, as an attempt of an HCL pipe is.
func (d *driver) goAttempt(id, kind string, ids []string) executor.Task {
	typ := goPipeType(func(context.Context, any, pipes.Runtime) (cty.Value, error) {
		return cty.NilVal, errors.New("not in the workflow")
	})
	return func(ctx context.Context, in executor.Input) (cty.Value, error) {
		call, err := d.newGoCall(id, kind, in, ids)
		if err != nil {
			return cty.NilVal, pipes.Permanent(err)
		}
		b, err := json.Marshal(call)
		if err != nil {
			return cty.NilVal, pipes.Permanent(err)
		}
		return d.runPipe(ctx, bind.Call{Task: in.Node, Pipe: id, Key: in.Key, Type: typ, Args: &goArgs{Call: string(b)},
			Attempt: in.Attempt, RunID: d.in.Run.ID, Pipeline: d.name})
	}
}

// goEval is the result of GoEvalActivityName.
type goEval struct {
	OK   bool     `json:",omitempty"` // the condition holds
	Keys []string `json:",omitempty"` // the items' keys, in order
}

// goCondition is the If of pipe id in the workflow: an activity.
func (d *driver) goCondition(id string, ids []string) executor.Condition {
	return func(ctx context.Context, in executor.Input) (bool, error) {
		var res goEval
		err := d.goEval(ctx, id, goKindIf, in, ids, &res)
		return res.OK, err
	}
}

// goExpand is the ForEach expansion of pipe id in the workflow: an
// activity gives the items' keys, and each item's attempts are activities
// (goKindItem) that find their item by its key.
func (d *driver) goExpand(id string, ids []string) executor.Expand {
	task := d.goAttempt(id, goKindItem, ids)
	return func(ctx context.Context, in executor.Input) ([]executor.Instance, error) {
		var res goEval
		if err := d.goEval(ctx, id, goKindItems, in, ids, &res); err != nil {
			return nil, err
		}
		insts := make([]executor.Instance, len(res.Keys))
		for k, key := range res.Keys {
			insts[k] = executor.Instance{Key: key, Task: task}
		}
		return insts, nil
	}
}

// goEval runs the If or the items of pipe id as an activity, in the step's
// coroutine. A worker lost meanwhile is replaced (Temporal retries the
// activity); an error of the function fails the pipe, as locally.
func (d *driver) goEval(ctx context.Context, id, kind string, in executor.Input, ids []string, res *goEval) error {
	a, _ := ctx.Value(attemptKey{}).(*attemptState)
	if a == nil {
		return errors.New("a condition outside the run's workflow")
	}
	call, err := d.newGoCall(id, kind, in, ids)
	if err != nil {
		return err
	}
	hb := d.in.HeartbeatTimeout
	if hb <= 0 {
		hb = DefaultHeartbeatTimeout
	}
	opts := workflow.ActivityOptions{
		TaskQueue:           d.in.TaskQueue,
		ActivityID:          "pipe_" + in.Node + "#" + kind,
		StartToCloseTimeout: noTimeout,
		HeartbeatTimeout:    hb,
		WaitForCancellation: true,
		RetryPolicy:         &sdktemporal.RetryPolicy{MaximumAttempts: 3},
		Summary:             in.Node + " (" + kind + ")",
	}
	cctx, cancel := workflow.WithCancel(a.ctx)
	forget := func() {}
	if !a.handler {
		forget = d.track(cancel)
	}
	defer func() {
		forget()
		cancel()
	}()
	err = workflow.ExecuteActivity(workflow.WithActivityOptions(cctx, opts), GoEvalActivityName, call).Get(a.ctx, res)
	var appErr *sdktemporal.ApplicationError
	if errors.As(err, &appErr) {
		return errors.New(appErr.Message())
	}
	return err
}

// goView is what a function of a pipe built in Go reads of its run, on a
// worker: the results its call carried.
type goView struct {
	ups   []*executor.Result
	byID  map[string]*executor.Result
	insts map[string][]*executor.Result
	run   executor.RunView
}

func (v *goView) Upstream(id string) (*executor.Result, bool) { r, ok := v.byID[id]; return r, ok }
func (v *goView) Upstreams() []*executor.Result {
	return v.ups
}
func (v *goView) Instances(id string) []*executor.Result { return v.insts[id] }
func (v *goView) Run() executor.RunView                  { return v.run }

func (c *goCall) view() (*goView, error) {
	v := &goView{byID: map[string]*executor.Result{}, insts: map[string][]*executor.Result{}}
	for _, w := range c.Upstreams {
		r, err := w.executorResult()
		if err != nil {
			return nil, err
		}
		v.byID[r.ID] = &r
		if !c.Handler {
			v.ups = append(v.ups, &r)
		}
	}
	for id, list := range c.Instances {
		for _, w := range list {
			r, err := w.executorResult()
			if err != nil {
				return nil, err
			}
			v.insts[id] = append(v.insts[id], &r)
		}
	}
	if c.Run != nil {
		v.run = *c.Run
	}
	return v, nil
}

// prepare finds the pipe of call on this worker and what its function
// reads.
func (r *goPipelines) prepare(call *goCall) (*executor.Node, *goView, error) {
	b, err := r.get(call.Pipeline)
	if err != nil {
		return nil, nil, err
	}
	n, ok := b.node(call.Node)
	if !ok {
		return nil, nil, fmt.Errorf("the Go pipeline %q of this worker (task queue %q) has no pipe %q", call.Pipeline, r.queue, call.Node)
	}
	v, err := call.view()
	if err != nil {
		return nil, nil, err
	}
	return n, v, nil
}

// run is the Run of GoPipeType on a worker: one attempt of a pipe's Func,
// or of its ItemFunc on the item of the call's key.
func (r *goPipelines) run(ctx context.Context, args any, _ pipes.Runtime) (cty.Value, error) {
	var call goCall
	if err := json.Unmarshal([]byte(args.(*goArgs).Call), &call); err != nil {
		return cty.NilVal, pipes.Permanent(fmt.Errorf("a Go pipe's call: %w", err))
	}
	n, v, err := r.prepare(&call)
	if err != nil {
		return cty.NilVal, pipes.Permanent(err)
	}
	in := executor.DetachedInput(call.Task, call.Key, call.Attempt, v)
	switch call.Kind {
	case goKindFunc:
		if n.Task == nil {
			return cty.NilVal, pipes.Permanent(fmt.Errorf("pipe %q has no function on this worker", call.Node))
		}
		return n.Task(ctx, in)
	case goKindItem:
		inst, err := r.item(ctx, n, &call, v)
		if err != nil {
			return cty.NilVal, err
		}
		return inst.Task(ctx, in)
	}
	return cty.NilVal, pipes.Permanent(fmt.Errorf("unknown call %q", call.Kind))
}

// item finds the item of call's key: the pipe's items are made again, with
// the inputs the pipe had when its items were first made.
func (r *goPipelines) item(ctx context.Context, n *executor.Node, call *goCall, v *goView) (*executor.Instance, error) {
	if n.Expand == nil {
		return nil, pipes.Permanent(fmt.Errorf("pipe %q is not a ForEach pipe on this worker", call.Node))
	}
	insts, err := n.Expand(ctx, executor.DetachedInput(call.Node, "", 0, v))
	if err != nil {
		return nil, fmt.Errorf("making the items of %s again: %w", call.Node, err)
	}
	for k := range insts {
		if insts[k].Key == call.Key && insts[k].Task != nil {
			return &insts[k], nil
		}
	}
	return nil, pipes.Permanent(fmt.Errorf("the items of %s made on this worker have no key %q (an ItemsFunc must give the same items for the same inputs)", call.Node, call.Key))
}

// eval is the GoEvalActivityName activity: a pipe's If, or its items'
// keys.
func (r *goPipelines) eval(ctx context.Context, call goCall) (*goEval, error) {
	stop := heartbeat(ctx)
	defer stop()
	res, err := recovered(func() (*goEval, error) { return r.evalCall(ctx, &call) })
	if err != nil {
		return nil, sdktemporal.NewNonRetryableApplicationError(err.Error(), errTypePermanent, nil)
	}
	return res, nil
}

func (r *goPipelines) evalCall(ctx context.Context, call *goCall) (*goEval, error) {
	n, v, err := r.prepare(call)
	if err != nil {
		return nil, err
	}
	in := executor.DetachedInput(call.Task, call.Key, 0, v)
	switch call.Kind {
	case goKindIf:
		if n.Condition == nil {
			return nil, fmt.Errorf("pipe %q has no If on this worker", call.Node)
		}
		ok, err := n.Condition(ctx, in)
		return &goEval{OK: ok}, err
	case goKindItems:
		if n.Expand == nil {
			return nil, fmt.Errorf("pipe %q is not a ForEach pipe on this worker", call.Node)
		}
		insts, err := n.Expand(ctx, in)
		if err != nil {
			return nil, err
		}
		res := &goEval{Keys: make([]string, 0, len(insts))}
		for _, inst := range insts {
			if inst.Task == nil || inst.ID != "" || len(inst.Deps) > 0 || len(inst.Steps) > 0 || inst.Node != nil || inst.Condition != nil || inst.UpToDate != nil {
				return nil, fmt.Errorf("item %q of %s: only plain items can run on Temporal", inst.Key, call.Node)
			}
			res.Keys = append(res.Keys, inst.Key)
		}
		return res, nil
	}
	return nil, fmt.Errorf("unknown call %q", call.Kind)
}

// heartbeat records the activity's heartbeats until stop is called, so
// that a lost worker is noticed and a cancellation delivered.
func heartbeat(ctx context.Context) (stop func()) {
	every := activity.GetInfo(ctx).HeartbeatTimeout / 4
	if every <= 0 {
		every = DefaultHeartbeatTimeout / 4
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				activity.RecordHeartbeat(ctx)
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// withGoType returns a registry with the types of types and GoPipeType,
// whose attempts run the pipes of gp.
func withGoType(types *pipes.Registry, gp *goPipelines) (*pipes.Registry, error) {
	r := pipes.NewRegistry()
	for _, name := range types.Names() {
		t, _ := types.Lookup(name)
		if err := r.Add(t); err != nil {
			return nil, err
		}
	}
	if err := r.Add(goPipeType(gp.run)); err != nil {
		return nil, err
	}
	return r, nil
}

// goInput is the workflow input of a run of a pipeline built in Go.
func (e *Engine) goInput(run dagrun.EngineRun) (Input, error) {
	desc, err := goPipelineOf(run.Pipeline)
	if err != nil {
		return Input{}, fmt.Errorf("temporal: %w", err)
	}
	in, err := e.input(run)
	if err != nil {
		return in, err
	}
	in.Name, in.Go = run.Pipeline.Name(), desc
	return in, nil
}

// invalidOnWorker is the error of a run whose pipeline the worker cannot
// load (a pipe type it lacks, most often): not retried, as no attempt of
// this worker would load it either; it names the worker's task queue.
func invalidOnWorker(ctx workflow.Context, err error) error {
	msg := fmt.Sprintf("the worker of task queue %q cannot load the pipeline: %v", workflow.GetInfo(ctx).TaskQueueName, err)
	return sdktemporal.NewNonRetryableApplicationError(msg, "dagrun.InvalidPipeline", nil)
}
