package temporal

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/zclconf/go-cty/cty"
	enumspb "go.temporal.io/api/enums/v1"
	sdktemporal "go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun/dag"
	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/pipes"
)

// Temporal needs a start-to-close timeout on every activity; a pipe without
// `timeout` gets this one (a lost worker is still noticed by heartbeats).
const noTimeout = 365 * 24 * time.Hour

// DefaultHeartbeatTimeout is how long a worker running a pipe may stay silent
// before the attempt counts as failed and Temporal retries it elsewhere.
const DefaultHeartbeatTimeout = 10 * time.Second

// varsFileName names the variables file the workflow gives the loader.
const varsFileName = "<dagrun: variables resolved by the starter>"

// runWorkflow is the workflow of one pipeline run: it loads the pipeline from
// the shipped sources and walks its DAG with the local executor's rules,
// running each pipe as an activity.
func runWorkflow(ctx workflow.Context, types *pipes.Registry, in Input) (*Output, error) {
	cfg, err := loadInWorkflow(ctx, types, in)
	if err != nil {
		return nil, sdktemporal.NewNonRetryableApplicationError(err.Error(), "dagrun.InvalidPipeline", nil)
	}
	w, err := newWalker(ctx, cfg, in)
	if err != nil {
		return nil, sdktemporal.NewNonRetryableApplicationError(err.Error(), "dagrun.InvalidPipeline", nil)
	}
	if err := workflow.SetQueryHandler(ctx, EventsQuery, w.eventPage); err != nil {
		return nil, err
	}
	return w.run(), nil
}

// loadInWorkflow loads the pipeline the starter loaded, from what it shipped.
// Nothing here reads the host: env(), file() and timestamp() are answered from
// the input and the workflow's clock, so every replay sees the same pipeline.
func loadInWorkflow(ctx workflow.Context, types *pipes.Registry, in Input) (*dhcl.Pipeline, error) {
	opts := dhcl.LoadOptions{
		Types: types,
		LookupEnv: func(name string) (string, bool) {
			v, ok := in.Env[name]
			return v, ok
		},
		Now: func() time.Time { return workflow.Now(ctx) },
		ReadFile: func(name string) ([]byte, error) {
			if name == varsFileName {
				return []byte(in.Vars), nil
			}
			if s, ok := in.ReadFiles[name]; ok {
				return []byte(s), nil
			}
			return nil, fmt.Errorf("%s: not shipped with the run (file() needs a path known when the run starts)", name)
		},
	}
	if in.Vars != "" {
		opts.VarFiles = []string{varsFileName}
	}
	cfg, diags := dhcl.LoadFiles(in.Dir, in.Name, in.Files, opts)
	if diags.HasErrors() {
		return nil, errors.New(cfg.Redact(dhcl.DiagnosticsError(diags).Error()))
	}
	return cfg, nil
}

// node is the run-time state of a pipe, or of an instance of a for_each pipe.
type node struct {
	index   int // in walker.nodes
	static  int // in the compiled graph; an instance has its parent's
	id      string
	series  string
	key     string
	pipe    *dhcl.Pipe
	typ     *pipes.Type // nil: a gate (composite) that does no work
	trigger executor.Trigger
	retry   executor.RetryPolicy
	timeout time.Duration
	pool    int // -1: none

	remaining int // upstreams not yet done
	readyAt   time.Time

	res    executor.Result
	output cty.Value

	// While an activity runs it.
	future  workflow.Future
	cancel  workflow.CancelFunc
	attempt int       // the highest attempt started
	open    int       // the attempt started and not yet seen to finish, or 0
	openAt  time.Time // when it started

	// Fan-out.
	parent    *node
	instances []*node
	openInst  int
	each      *dhcl.Each
	cond      bool    // has an `if` evaluated before it runs (per instance when it reads each)
	preds     []*node // an instance's Deps within its expansion
	succs     []*node
}

func (n *node) done() bool { return n.res.Status.Done() }

// gate reports whether n does no work (a composite's gate, or the gate
// instance of a for_each composite): views and metrics leave its events out.
func (n *node) gate() bool {
	if n.parent != nil {
		return n.typ == nil
	}
	return n.typ == nil && n.pipe.ForEach == nil
}

// walker walks one run's DAG inside the workflow. Everything it does is a
// function of the workflow's history, so a replay takes the same steps.
type walker struct {
	ctx    workflow.Context // the workflow's; cancelled when the run is
	actx   workflow.Context // disconnected from cancellation: activities, timers
	cfg    *dhcl.Pipeline
	in     Input
	types  *pipes.Registry
	g      *dag.Compiled
	static []node  // indexed like the graph
	nodes  []*node // static nodes, then instances as they are created
	byTask map[string]*node
	events []Event

	limit       int
	running     int
	pending     int
	poolIdx     map[string]int
	poolSize    []int
	poolRunning []int
	poolWaiting [][]*node
	ready       []*node
	work        []*node

	started    time.Time
	stopping   bool
	stopReason string
	failed     bool
	cancelled  bool // the workflow was cancelled
	timedOut   bool
	active     []*node // nodes with an activity running, in start order
	signals    workflow.ReceiveChannel
	instCache  map[string]*dhcl.Instances // instance states of finished fan-outs, by pipe id
}

func newWalker(ctx workflow.Context, cfg *dhcl.Pipeline, in Input) (*walker, error) {
	keep, err := selectPipes(cfg, in.Targets)
	if err != nil {
		return nil, err
	}
	b := dag.New(len(keep))
	for _, cp := range keep {
		if _, err := b.AddNode(cp.ID); err != nil {
			return nil, err
		}
	}
	for _, cp := range keep {
		for _, d := range cp.Deps {
			if err := b.AddEdge(d, cp.ID); err != nil {
				return nil, fmt.Errorf("pipe %q: %w", cp.ID, err)
			}
		}
	}
	g, err := b.Compile()
	if err != nil {
		return nil, err
	}
	actx, _ := workflow.NewDisconnectedContext(ctx)
	w := &walker{
		ctx: ctx, actx: actx, cfg: cfg, in: in, g: g,
		static:    make([]node, len(keep)),
		byTask:    map[string]*node{},
		instCache: map[string]*dhcl.Instances{},
		limit:     in.Parallelism,
		poolIdx:   map[string]int{},
		signals:   workflow.GetSignalChannel(ctx, attemptSignal),
	}
	names := slices.Sorted(maps.Keys(cfg.Pools))
	for _, name := range names {
		w.poolIdx[name] = len(w.poolSize)
		w.poolSize = append(w.poolSize, cfg.Pools[name])
	}
	w.poolRunning = make([]int, len(w.poolSize))
	w.poolWaiting = make([][]*node, len(w.poolSize))
	for i, cp := range keep {
		n := &w.static[i]
		if err := w.initNode(n, cp); err != nil {
			return nil, err
		}
		n.index, n.static = i, i
		n.remaining = len(g.Predecessors(i))
		w.nodes = append(w.nodes, n)
		w.byTask[n.id] = n
	}
	w.pending = len(keep)
	return w, nil
}

// initNode sets a node's settings from its pipe, the way the root package
// builds executor nodes from HCL pipes.
func (w *walker) initNode(n *node, cp *dhcl.Pipe) error {
	trig := executor.AllSuccess
	if cp.Trigger != "" {
		t, err := executor.ParseTrigger(cp.Trigger)
		if err != nil {
			return fmt.Errorf("pipe %q: %w", cp.ID, err)
		}
		trig = t
	}
	n.id, n.series, n.pipe, n.typ, n.trigger = cp.ID, cp.ID, cp, cp.Type, trig
	n.retry = executor.RetryPolicy{Retries: cp.Retry.Retries, Delay: cp.Retry.Delay, Backoff: cp.Retry.Backoff,
		MaxDelay: cp.Retry.MaxDelay, Jitter: cp.Retry.Jitter}
	n.timeout = cp.Timeout
	n.pool = -1
	if cp.Pool != "" {
		p, ok := w.poolIdx[cp.Pool]
		if !ok {
			return fmt.Errorf("pipe %q: unknown pool %q", cp.ID, cp.Pool)
		}
		n.pool = p
	}
	n.cond = cp.HasCondition && !cp.EachCondition
	n.res = executor.Result{ID: cp.ID, Pipe: cp.ID}
	return nil
}

// selectPipes returns the pipes that are nodes of the graph (the steps of a
// for_each composite run inside its instances), or only the targets and what
// they depend on, in declaration order.
func selectPipes(cfg *dhcl.Pipeline, targets []string) ([]*dhcl.Pipe, error) {
	if len(targets) == 0 {
		var out []*dhcl.Pipe
		for _, cp := range cfg.Pipes {
			if cp.FanOut == "" {
				out = append(out, cp)
			}
		}
		return out, nil
	}
	targets = cfg.ExpandTargets(targets)
	for _, t := range targets {
		if cp, ok := cfg.Pipe(t); !ok || cp.FanOut != "" {
			return nil, fmt.Errorf("unknown target %q", t)
		}
	}
	keep := dag.Reach(targets, func(id string) []string {
		if cp, ok := cfg.Pipe(id); ok {
			return cp.Deps
		}
		return nil
	})
	var out []*dhcl.Pipe
	for _, cp := range cfg.Pipes {
		if keep[cp.ID] && cp.FanOut == "" {
			out = append(out, cp)
		}
	}
	return out, nil
}

func (w *walker) now() time.Time { return workflow.Now(w.ctx) }

// Limits of one page of events: a query result is one gRPC message.
const (
	pageEvents = 500
	pageBytes  = 1 << 20 // outputs, roughly
)

// eventPage answers EventsQuery: the events from index from on, as many as
// fit in a page (at least one).
func (w *walker) eventPage(from int) (EventPage, error) {
	if from < 0 || from > len(w.events) {
		from = len(w.events)
	}
	end, size := from, 0
	for end < len(w.events) && end-from < pageEvents {
		if o := w.events[end].Output; o != nil {
			size += len(o.Value) + len(o.Type)
		}
		if size > pageBytes && end > from {
			break
		}
		end++
	}
	return EventPage{Events: w.events[from:end], More: end < len(w.events)}, nil
}

func (w *walker) event(e Event) { w.events = append(w.events, e) }

func (w *walker) run() *Output {
	w.started = w.now()
	w.event(Event{Type: executor.EventRunStarted, Time: w.started})
	for _, i := range w.g.Order() {
		if len(w.g.Predecessors(int(i))) == 0 {
			w.work = append(w.work, &w.static[i])
		}
	}
	var timer workflow.Future
	if w.in.Timeout > 0 {
		tctx, cancelTimer := workflow.WithCancel(w.actx)
		defer cancelTimer()
		timer = workflow.NewTimer(tctx, w.in.Timeout)
	}
	w.step()
	for w.pending > 0 {
		sel := workflow.NewSelector(w.actx)
		if !w.cancelled {
			sel.AddReceive(w.ctx.Done(), func(c workflow.ReceiveChannel, _ bool) {
				c.Receive(w.actx, nil)
				w.cancelled = true
				w.stop(executor.ReasonRunCancelled)
			})
		}
		if timer != nil {
			sel.AddFuture(timer, func(workflow.Future) {
				timer = nil
				if !w.stopping {
					w.timedOut, w.failed = true, true
					w.stop(executor.ReasonRunTimeout)
				}
			})
		}
		sel.AddReceive(w.signals, func(workflow.ReceiveChannel, bool) { w.drainSignals() })
		for _, n := range w.active {
			sel.AddFuture(n.future, func(f workflow.Future) { w.activityDone(n, f) })
		}
		sel.Select(w.actx)
		w.step()
	}
	w.drainSignals()
	out := &Output{Started: w.started}
	switch {
	case w.cancelled:
		out.Status = executor.StatusCancelled
	case w.failed:
		out.Status = executor.StatusFailed
	default:
		out.Status = executor.StatusSucceeded
	}
	out.TimedOut = w.timedOut
	end := w.now()
	out.Duration = end.Sub(w.started)
	for _, i := range w.g.Order() {
		n := &w.static[i]
		out.Pipes = append(out.Pipes, n.wire())
		for _, inst := range n.instances {
			out.Pipes = append(out.Pipes, inst.wire())
		}
	}
	w.event(Event{Type: executor.EventRunFinished, Time: end, Status: out.Status, Duration: out.Duration})
	out.Events = len(w.events)
	return out
}

func (n *node) wire() PipeResult {
	r := PipeResult{ID: n.res.ID, Pipe: n.res.Pipe, Key: n.res.Key, Status: n.res.Status, Reason: n.res.Reason,
		Attempts: n.res.Attempts, Err: errString(n.res.Err), Started: n.res.Started, Finished: n.res.Finished,
		Duration: n.res.Duration, Gate: n.gate()}
	r.Output, _ = encodeValue(n.output)
	return r
}

// step decides every node whose upstreams are done and starts what may start,
// until nothing changes.
func (w *walker) step() {
	for {
		w.settle()
		w.dispatch()
		if len(w.work) == 0 {
			return
		}
	}
}

// settle decides the nodes in w.work: skip or cancel them at once, or queue
// them to run.
func (w *walker) settle() {
	for k := 0; k < len(w.work); k++ {
		n := w.work[k]
		if n.done() {
			continue
		}
		if w.stopping {
			w.finish(n, executor.StatusCancelled, w.stopReason, nil, cty.NilVal)
			continue
		}
		if ok, reason := w.triggerHolds(n); !ok {
			w.finish(n, executor.StatusSkipped, reason, nil, cty.NilVal)
			continue
		}
		n.readyAt = w.now()
		w.event(Event{Type: executor.EventPipeReady, Time: n.readyAt, Node: n.res.ID, Pipe: n.res.Pipe, Key: n.res.Key, Gate: n.gate()})
		w.enqueue(n)
	}
	w.work = w.work[:0]
}

// triggerHolds applies the node's trigger to its upstreams; the instances of
// a fan-out upstream count one by one.
func (w *walker) triggerHolds(n *node) (bool, string) {
	var t tally
	if n.parent != nil {
		for _, p := range n.preds {
			t.add(p.res.Status)
		}
	} else {
		for _, p := range w.g.Predecessors(n.static) {
			up := &w.static[p]
			if len(up.instances) == 0 {
				t.add(up.res.Status)
				continue
			}
			for _, inst := range up.instances {
				t.add(inst.res.Status)
			}
		}
	}
	return n.trigger.Holds(t.n, t.succeeded, t.failed)
}

type tally struct{ n, succeeded, failed int }

func (t *tally) add(s executor.Status) {
	t.n++
	switch s {
	case executor.StatusSucceeded:
		t.succeeded++
	case executor.StatusFailed, executor.StatusCancelled:
		t.failed++
	}
}

func (w *walker) enqueue(n *node) {
	if p := n.pool; p >= 0 && w.poolRunning[p] >= w.poolSize[p] {
		w.poolWaiting[p] = append(w.poolWaiting[p], n)
		return
	}
	w.ready = append(w.ready, n)
}

// take removes the next node that may start now and claims its slots.
func (w *walker) take() *node {
	if w.stopping || (w.limit > 0 && w.running >= w.limit) {
		return nil
	}
	for len(w.ready) > 0 {
		n := w.ready[0]
		w.ready = w.ready[1:]
		if p := n.pool; p >= 0 {
			if w.poolRunning[p] >= w.poolSize[p] {
				w.poolWaiting[p] = append(w.poolWaiting[p], n)
				continue
			}
			w.poolRunning[p]++
		}
		w.running++
		return n
	}
	return nil
}

func (w *walker) release(n *node) {
	w.running--
	if p := n.pool; p >= 0 {
		w.poolRunning[p]--
		if len(w.poolWaiting[p]) > 0 {
			w.ready = append(w.ready, w.poolWaiting[p][0])
			w.poolWaiting[p] = w.poolWaiting[p][1:]
		}
	}
}

func (w *walker) dispatch() {
	for {
		n := w.take()
		if n == nil {
			return
		}
		w.start(n)
	}
}

// start runs what a node does once it holds a slot: its condition, then
// nothing (a gate), its expansion (a fan-out) or an activity.
func (w *walker) start(n *node) {
	if n.cond {
		ok, diags := w.evalCondition(n)
		if diags.HasErrors() {
			w.release(n)
			w.fail(n, pipes.Permanent(fmt.Errorf("condition: %w", errors.New(w.cfg.Redact(dhcl.DiagnosticsError(diags).Error())))), cty.NilVal)
			return
		}
		if !ok {
			w.release(n)
			w.finish(n, executor.StatusSkipped, executor.ReasonConditionFalse, nil, cty.NilVal)
			return
		}
	}
	if w.isFanOut(n) {
		w.release(n)
		w.expand(n)
		return
	}
	if n.typ == nil {
		w.release(n)
		w.finish(n, executor.StatusSucceeded, "", nil, cty.NilVal)
		return
	}
	task, err := w.task(n)
	if err != nil {
		// What the local engine does when the arguments do not decode: the
		// first attempt fails at once, for good.
		now := w.now()
		n.res.Attempts, n.res.Started = 1, now
		w.event(Event{Type: executor.EventAttemptStarted, Time: now, Node: n.res.ID, Pipe: n.res.Pipe, Key: n.res.Key,
			Attempt: 1, MaxAttempts: n.retry.Attempts(), Wait: now.Sub(n.readyAt)})
		w.event(Event{Type: executor.EventAttemptFinished, Time: now, Node: n.res.ID, Pipe: n.res.Pipe, Key: n.res.Key,
			Attempt: 1, MaxAttempts: n.retry.Attempts(), AttemptResult: executor.AttemptError, Err: errString(err)})
		w.release(n)
		w.fail(n, err, cty.NilVal)
		return
	}
	cctx, cancel := workflow.WithCancel(w.actx)
	opts := workflow.ActivityOptions{
		TaskQueue:           w.in.TaskQueue,
		ActivityID:          ActivityID(n.res.ID),
		StartToCloseTimeout: noTimeout,
		HeartbeatTimeout:    w.in.HeartbeatTimeout,
		WaitForCancellation: true,
		RetryPolicy:         retryPolicy(n.retry),
		Summary:             n.pipe.Path,
	}
	if n.timeout > 0 {
		opts.StartToCloseTimeout = n.timeout
	}
	if opts.HeartbeatTimeout <= 0 {
		opts.HeartbeatTimeout = DefaultHeartbeatTimeout
	}
	n.future = workflow.ExecuteActivity(workflow.WithActivityOptions(cctx, opts), ActivityName, task)
	n.cancel = cancel
	w.active = append(w.active, n)
}

// task evaluates a node's arguments into the activity's input. An error is
// permanent, as the local engine has it.
func (w *walker) task(n *node) (*PipeTask, error) {
	args, diags := w.decodeArgs(n)
	if diags.HasErrors() {
		return nil, pipes.Permanent(errors.New(w.cfg.Redact(dhcl.DiagnosticsError(diags).Error())))
	}
	vals, err := encodeArgs(n.typ, args)
	if err != nil {
		return nil, pipes.Permanent(err)
	}
	return &PipeTask{
		Pipeline: w.cfg.Name, Task: n.res.ID, Series: n.res.Pipe, Key: n.res.Key, Type: n.typ.Name,
		Args: vals, Dir: w.cfg.Dir, Retry: n.retry, Timeout: n.timeout, Ready: n.readyAt,
	}, nil
}

// retryPolicy maps a pipe's retry settings onto Temporal's. Jitter has no
// counterpart: the activity computes a jittered delay itself (NextRetryDelay).
func retryPolicy(p executor.RetryPolicy) *sdktemporal.RetryPolicy {
	initial := p.Delay
	if initial <= 0 {
		initial = time.Millisecond // 0 would mean Temporal's default, 1s
	}
	maxInterval := p.MaxDelay
	if maxInterval <= 0 {
		maxInterval = noTimeout // 0 would mean 100 × the initial interval
	}
	maxInterval = max(maxInterval, initial)
	return &sdktemporal.RetryPolicy{
		InitialInterval:        initial,
		BackoffCoefficient:     max(p.Backoff, 1),
		MaximumInterval:        maxInterval,
		MaximumAttempts:        int32(p.Attempts()),
		NonRetryableErrorTypes: []string{errTypePermanent},
	}
}

// drainSignals takes every attempt event that has arrived.
func (w *walker) drainSignals() {
	for {
		var a attemptEvent
		if !w.signals.ReceiveAsync(&a) {
			return
		}
		w.attemptEvent(a)
	}
}

// attemptEvent records what an activity said about an attempt. An attempt that
// started and never said it finished was lost with its worker: the next one
// closes it.
func (w *walker) attemptEvent(a attemptEvent) {
	n, ok := w.byTask[a.Task]
	if !ok || n.done() || n.future == nil {
		return
	}
	if !a.Finished {
		if a.Attempt <= n.attempt {
			return
		}
		w.closeLost(n, a.Time)
		w.attemptStarted(n, a.Attempt, a.Time, a.Wait)
		return
	}
	if a.Attempt > n.attempt {
		w.closeLost(n, a.Time)
		w.attemptStarted(n, a.Attempt, a.Time.Add(-a.Duration), 0)
	}
	if n.open != a.Attempt {
		return
	}
	n.open = 0
	var errp *string
	if a.Err != "" {
		errp = &a.Err
	}
	w.event(Event{Type: executor.EventAttemptFinished, Time: a.Time, Node: n.res.ID, Pipe: n.res.Pipe, Key: n.res.Key,
		Attempt: a.Attempt, MaxAttempts: n.retry.Attempts(), AttemptResult: a.Result, Duration: a.Duration, Err: errp})
	if a.Retry && !w.stopping {
		w.event(Event{Type: executor.EventRetrying, Time: a.Time, Node: n.res.ID, Pipe: n.res.Pipe, Key: n.res.Key,
			Attempt: a.Attempt + 1, MaxAttempts: n.retry.Attempts(), Delay: a.RetryIn, Err: errp})
	}
}

func (w *walker) attemptStarted(n *node, attempt int, at time.Time, wait time.Duration) {
	n.attempt, n.open, n.openAt = attempt, attempt, at
	if n.res.Started.IsZero() {
		n.res.Started = at
	}
	w.event(Event{Type: executor.EventAttemptStarted, Time: at, Node: n.res.ID, Pipe: n.res.Pipe, Key: n.res.Key,
		Attempt: attempt, MaxAttempts: n.retry.Attempts(), Wait: wait})
}

// closeLost ends an attempt that never reported its end (its worker died or
// lost its connection): Temporal noticed the missing heartbeats and retries it.
func (w *walker) closeLost(n *node, at time.Time) {
	if n.open == 0 {
		return
	}
	msg := fmt.Sprintf("attempt %d lost: its worker stopped heartbeating", n.open)
	w.event(Event{Type: executor.EventAttemptFinished, Time: at, Node: n.res.ID, Pipe: n.res.Pipe, Key: n.res.Key,
		Attempt: n.open, MaxAttempts: n.retry.Attempts(), AttemptResult: executor.AttemptTimeout, Duration: at.Sub(n.openAt), Err: &msg})
	if n.open < n.retry.Attempts() && !w.stopping {
		w.event(Event{Type: executor.EventRetrying, Time: at, Node: n.res.ID, Pipe: n.res.Pipe, Key: n.res.Key,
			Attempt: n.open + 1, MaxAttempts: n.retry.Attempts(), Delay: n.retry.DelayBefore(n.open, 0.5), Err: &msg})
	}
	n.open = 0
}

// activityDone records the end of a node's activity: every attempt is over.
func (w *walker) activityDone(n *node, f workflow.Future) {
	w.drainSignals() // the attempt events were sent before the activity ended
	for k, a := range w.active {
		if a == n {
			w.active = append(w.active[:k], w.active[k+1:]...)
			break
		}
	}
	n.cancel()
	w.release(n)
	var out PipeOutput
	err := f.Get(w.actx, &out)
	now := w.now()
	if err == nil {
		output, derr := out.Output.decode()
		n.res.Attempts = max(n.attempt, out.Attempt)
		w.closeAttempt(n, n.res.Attempts, now, executor.AttemptOK, nil)
		if derr != nil {
			w.fail(n, fmt.Errorf("output: %w", derr), cty.NilVal)
			return
		}
		w.finish(n, executor.StatusSucceeded, "", nil, output)
		return
	}
	attempts, output, result, perr := w.failure(n, err)
	n.res.Attempts = attempts
	w.closeAttempt(n, attempts, now, result, perr)
	switch {
	case sdktemporal.IsCanceledError(err) || w.stopping && !isApplicationError(err):
		reason := w.stopReason
		if reason == "" {
			reason = executor.ReasonRunCancelled
		}
		w.finish(n, executor.StatusCancelled, reason, perr, output)
	default:
		w.fail(n, perr, output)
	}
}

// closeAttempt makes sure the last attempt has its start and end events, for
// attempts whose signals did not arrive (lost, or timed out by Temporal).
func (w *walker) closeAttempt(n *node, attempt int, at time.Time, result executor.AttemptResult, err error) {
	if attempt == 0 {
		return
	}
	if n.attempt < attempt {
		w.closeLost(n, at)
		w.attemptStarted(n, attempt, at, 0)
	}
	if n.open == attempt {
		n.open = 0
		w.event(Event{Type: executor.EventAttemptFinished, Time: at, Node: n.res.ID, Pipe: n.res.Pipe, Key: n.res.Key,
			Attempt: attempt, MaxAttempts: n.retry.Attempts(), AttemptResult: result, Duration: at.Sub(n.openAt), Err: errString(err)})
	}
}

// failure reads a failed activity's error: the attempts made, the last
// attempt's output and result, and the error as the local engine reports it.
func (w *walker) failure(n *node, err error) (int, cty.Value, executor.AttemptResult, error) {
	attempts := n.attempt
	result := executor.AttemptError
	output := cty.NilVal
	msg := err.Error()
	var actErr *sdktemporal.ActivityError
	if errors.As(err, &actErr) && actErr.RetryState() == enumspb.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED {
		attempts = max(attempts, n.retry.Attempts())
	}
	var appErr *sdktemporal.ApplicationError
	var toErr *sdktemporal.TimeoutError
	var canErr *sdktemporal.CanceledError
	switch {
	case errors.As(err, &appErr):
		msg = appErr.Message()
		var d failureDetails
		if appErr.HasDetails() && appErr.Details(&d) == nil {
			attempts = max(attempts, d.Attempt)
			result = d.Result
			if v, derr := d.Output.decode(); derr == nil {
				output = v
			}
		}
		if appErr.Type() == errTypePermanent {
			return attempts, output, result, pipes.Permanent(errors.New(msg))
		}
	case errors.As(err, &toErr):
		result = executor.AttemptTimeout
		switch toErr.TimeoutType() {
		case enumspb.TIMEOUT_TYPE_HEARTBEAT:
			msg = fmt.Sprintf("attempt %d lost: its worker stopped heartbeating", max(attempts, 1))
		default:
			msg = fmt.Sprintf("attempt %d timed out after %s", max(attempts, 1), n.timeout)
		}
	case errors.As(err, &canErr):
		msg = "context canceled"
		var d failureDetails
		if canErr.HasDetails() && canErr.Details(&d) == nil && d.Message != "" {
			msg = d.Message
			attempts = max(attempts, d.Attempt)
			if v, derr := d.Output.decode(); derr == nil {
				output = v
			}
		}
	}
	return max(attempts, 1), output, result, errors.New(msg)
}

func isApplicationError(err error) bool {
	var appErr *sdktemporal.ApplicationError
	return errors.As(err, &appErr)
}

func (w *walker) fail(n *node, err error, out cty.Value) {
	w.failed = true
	w.finish(n, executor.StatusFailed, "", err, out)
	if w.in.FailFast {
		w.stop(executor.ReasonFailFast)
	}
}

// stop stops the run: nothing new starts, running activities are cancelled,
// queued nodes end cancelled.
func (w *walker) stop(reason string) {
	if w.stopping {
		return
	}
	w.stopping = true
	w.stopReason = reason
	for _, n := range w.active {
		n.cancel()
	}
	w.work = append(w.work, w.ready...)
	w.ready = nil
	for p := range w.poolWaiting {
		w.work = append(w.work, w.poolWaiting[p]...)
		w.poolWaiting[p] = nil
	}
	w.settle()
}

// finish gives a node its final status and readies its successors; the last
// instance of a fan-out finishes the fan-out.
func (w *walker) finish(n *node, status executor.Status, reason string, err error, out cty.Value) {
	now := w.now()
	n.res.Status, n.res.Reason, n.res.Err, n.res.Finished = status, reason, err, now
	n.output = out
	if !n.res.Started.IsZero() {
		n.res.Duration = now.Sub(n.res.Started)
	}
	ev := Event{Type: executor.EventPipeFinished, Time: now, Node: n.res.ID, Pipe: n.res.Pipe, Key: n.res.Key,
		Attempt: n.res.Attempts, MaxAttempts: n.retry.Attempts(), Status: status, Reason: reason,
		Duration: n.res.Duration, Err: errString(err), Gate: n.gate()}
	ev.Output, _ = encodeValue(out)
	w.event(ev)
	w.pending--
	if p := n.parent; p != nil {
		for _, s := range n.succs {
			s.remaining--
			if s.remaining == 0 {
				w.work = append(w.work, s)
			}
		}
		p.openInst--
		if p.openInst == 0 {
			w.finishFanOut(p)
		}
		return
	}
	for _, s := range w.g.Successors(n.static) {
		succ := &w.static[s]
		succ.remaining--
		if succ.remaining == 0 {
			w.work = append(w.work, succ)
		}
	}
}
