package executor

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"sync"
	"time"

	"github.com/zclconf/go-cty/cty"
	"golang.org/x/sync/errgroup"

	"github.com/dagrun/dagrun/pipes"
)

// ErrPanic wraps the value of a panic recovered from a task.
var ErrPanic = errors.New("panic")

// errStopped is the cancellation cause under fail-fast.
var errStopped = errors.New("run stopped after a failure (fail_fast)")

// ErrRunTimeout is the cancellation cause when Options.Timeout expires.
var ErrRunTimeout = errors.New("run exceeded its timeout")

// Run executes g and returns one result per node (and per fan-out instance).
// Pipe failures are results, not errors: the error is non-nil only when the run
// could not start (bad options). When ctx ends, nothing new starts, running tasks
// see their context cancelled, and Run returns once every goroutine it started has
// ended.
func Run(ctx context.Context, g *Graph, opts Options) (*Report, error) {
	r, err := newRun(ctx, g, opts)
	if err != nil {
		return nil, err
	}
	return r.run(), nil
}

type outcomeKind uint8

const (
	outSucceeded outcomeKind = iota
	outFailed                // the attempt failed; retry if allowed
	outPermanent             // failed; no retry
	outSkipped               // condition false
	outCancelled             // the run is stopping
	outExpanded              // a fan-out node produced its instances
)

type outcome struct {
	kind      outcomeKind
	end       time.Time // when the attempt ended; zero if none ran
	output    cty.Value
	err       error
	instances []Instance
}

// nodeState is the run-time state of a node or a fan-out instance. Static nodes
// live in one block; each expansion allocates one block for its instances, so a
// *nodeState stays valid while the run grows.
type nodeState struct {
	node       *Node
	res        *Result // into run.results (static) or the expansion's block
	index      int32   // see run.state
	static     int32   // index in the compiled graph; for an instance, its parent's
	pool       int32   // -1: none
	remaining  int32   // upstreams not yet done
	up         tally   // static node: the statuses of its upstreams that are done
	runnableAt time.Time
	parent     *nodeState // for instances
	x          *fanState  // for instances, and fan-out nodes once expanded
}

// fanState is the part of a nodeState that only fan-out instances and
// expanded fan-out nodes have: kept apart, it does not weigh on the state of
// every node of every run (issue 8).
type fanState struct {
	task      Task         // instance
	cond      Condition    // instance
	preds     []*nodeState // instance: Deps within the expansion
	succs     []*nodeState // instance: dependents within the expansion
	instances []*nodeState // fan-out node
	open      int          // fan-out node: instances not yet done
}

// insts returns the instances of a fan-out node; nil for other nodes or
// before the expansion.
func (st *nodeState) insts() []*nodeState {
	if st.x == nil {
		return nil
	}
	return st.x.instances
}

// predList returns an instance's upstream instances; nil for other nodes.
func (st *nodeState) predList() []*nodeState {
	if st.x == nil {
		return nil
	}
	return st.x.preds
}

type run struct {
	g       *Graph
	opts    Options
	clock   Clock
	obs     Observer
	rand    func() float64
	limit   int
	ctx     context.Context // the run's context; cancelled on stop
	cancel  context.CancelCauseFunc
	parent  context.Context
	group   errgroup.Group
	started time.Time

	static   []nodeState // one per graph node, indexed like the graph
	results  []Result    // static nodes' results, in the graph's topological order
	poolSize []int
	poolIdx  map[string]int32

	mu          sync.Mutex
	now         time.Time    // the time of the current locked step (one clock read per step)
	instances   []*nodeState // fan-out instances as they are created; see state
	ready       queue
	poolWaiting []queue
	poolRunning []int
	running     int
	pending     int // nodes and instances not done
	stopping    bool
	stopReason  string
	failed      bool
	timedOut    bool
	timers      map[int32]Timer
	timerWG     sync.WaitGroup // retry timers whose callback may still run
	work        []int32        // nodes whose upstreams are all done, to be decided
	done        chan struct{}
}

func newRun(ctx context.Context, g *Graph, opts Options) (*run, error) {
	n := len(g.nodes)
	r := &run{
		g:       g,
		opts:    opts,
		clock:   opts.Clock,
		obs:     opts.Observer,
		rand:    opts.Rand,
		limit:   opts.Parallelism,
		parent:  ctx,
		static:  make([]nodeState, n),
		results: make([]Result, n),
		pending: n,
		timers:  map[int32]Timer{},
		done:    make(chan struct{}),
		poolIdx: map[string]int32{},
	}
	if r.clock == nil {
		r.clock = &realClock{base: time.Now()}
	}
	if r.rand == nil {
		r.rand = rand.Float64
	}
	for name, size := range opts.Pools {
		if size < 1 {
			return nil, fmt.Errorf("pool %q: size must be at least 1, got %d", name, size)
		}
		r.poolIdx[name] = int32(len(r.poolSize))
		r.poolSize = append(r.poolSize, size)
	}
	r.poolWaiting = make([]queue, len(r.poolSize))
	r.poolRunning = make([]int, len(r.poolSize))
	for rank, i := range g.order {
		r.static[i].res = &r.results[rank]
	}
	for i := range g.nodes {
		st := &r.static[i]
		st.node, st.index, st.static, st.pool = &g.nodes[i], int32(i), int32(i), -1
		st.remaining = g.c.Indegree[i]
	}
	for _, i := range g.pooled {
		nd := &g.nodes[i]
		p, ok := r.poolIdx[nd.Pool]
		if !ok {
			return nil, fmt.Errorf("node %q: unknown pool %q", nd.ID, nd.Pool)
		}
		r.static[i].pool = p
	}
	r.ctx, r.cancel = context.WithCancelCause(ctx)
	return r, nil
}

// state returns the node with index i: the graph's nodes come first, then
// the fan-out instances in the order they were created.
func (r *run) state(i int32) *nodeState {
	if int(i) < len(r.static) {
		return &r.static[i]
	}
	return r.instances[int(i)-len(r.static)]
}

// named gives a static node's result its names. newRun leaves that to the
// node's first step (settleLocked, reuseLocked), whose work touches the node
// anyway: in newRun it was a cache miss per node of a large graph (issue 8).
// Every node ends through one of the two, so every result is named.
func (st *nodeState) named() {
	if res := st.res; res.ID == "" { // ids are never empty (NewGraph)
		res.ID, res.Pipe, res.Key = st.node.ID, st.node.Pipe, st.node.Key
	}
}

func (r *run) run() *Report {
	r.started = r.clock.Now()
	r.event(Event{Type: EventRunStarted, Time: r.started})

	r.mu.Lock()
	r.now = r.started
	if r.pending == 0 {
		close(r.done)
	}
	if r.opts.Reuse != nil {
		for _, i := range r.g.order {
			if r.g.nodes[i].Expand != nil {
				continue // a fan-out reuses its instances, once expanded
			}
			if prev, ok := r.opts.Reuse(r.g.nodes[i].ID); ok {
				r.reuseLocked(&r.static[i], prev)
			}
		}
	}
	for _, i := range r.g.order {
		// Roots only: successors of reused nodes were queued when those
		// finished; reused roots are passed over by settleLocked.
		if r.g.c.Indegree[i] == 0 {
			r.work = append(r.work, i)
		}
	}
	r.settleLocked()
	r.dispatchLocked(nil)
	var deadline Timer
	if r.opts.Timeout > 0 && r.pending > 0 {
		r.timerWG.Add(1)
		deadline = r.clock.AfterFunc(r.opts.Timeout, func() {
			defer r.timerWG.Done()
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.pending == 0 || r.stopping {
				return
			}
			r.now = r.clock.Now()
			r.timedOut, r.failed = true, true
			r.stopLocked(ReasonRunTimeout, ErrRunTimeout)
		})
	}
	r.mu.Unlock()

	select {
	case <-r.done:
	case <-r.parent.Done():
		r.mu.Lock()
		r.now = r.clock.Now()
		r.stopLocked(ReasonRunCancelled, context.Cause(r.parent))
		r.mu.Unlock()
		<-r.done
	}
	if deadline != nil && deadline.Stop() {
		r.timerWG.Done()
	}
	_ = r.group.Wait()
	r.timerWG.Wait()
	r.cancel(nil)
	return r.report()
}

func (r *run) report() *Report {
	rep := &Report{Started: r.started, Results: r.results, TimedOut: r.timedOut}
	if len(r.instances) > 0 {
		// Fan-out instances follow their fan-out node.
		rep.Results = make([]Result, 0, len(r.results)+len(r.instances))
		for k, i := range r.g.order {
			rep.Results = append(rep.Results, r.results[k])
			for _, inst := range r.static[i].insts() {
				rep.Results = append(rep.Results, *inst.res)
			}
		}
	}
	switch {
	case r.parent.Err() != nil:
		rep.Status = StatusCancelled
	case r.failed:
		rep.Status = StatusFailed
	default:
		rep.Status = StatusSucceeded
	}
	end := r.clock.Now()
	rep.Duration = end.Sub(r.started)
	r.event(Event{Type: EventRunFinished, Time: end, Status: rep.Status, Duration: rep.Duration})
	return rep
}

// event sends e to the observer, if there is one.
func (r *run) event(e Event) {
	if r.obs != nil {
		r.obs.Event(e)
	}
}

// reuseLocked gives a node the result it had in an earlier run (resume): it is
// not run again, and its output is visible downstream.
func (r *run) reuseLocked(st *nodeState, prev Result) {
	st.named()
	prev.ID, prev.Pipe, prev.Key = st.res.ID, st.res.Pipe, st.res.Key
	prev.Status, prev.Reused = StatusSucceeded, true
	*st.res = prev
	r.finishLocked(st, StatusSucceeded, "", nil, prev.Output)
}

// settleLocked decides every node in r.work (all upstreams done): skip or cancel it
// at once, or queue it to run. Finishing a node can add its successors, so this is
// a loop over a worklist rather than recursion (a long chain of skips must not grow
// the stack).
func (r *run) settleLocked() {
	for k := 0; k < len(r.work); k++ { // FIFO: ready nodes start in order
		st := r.state(r.work[k])
		st.named()
		if st.res.Status.Done() {
			continue // reused
		}
		if r.stopping {
			r.finishLocked(st, StatusCancelled, r.stopReason, nil, cty.NilVal)
			continue
		}
		if ok, reason := r.triggerLocked(st); !ok {
			r.finishLocked(st, StatusSkipped, reason, nil, cty.NilVal)
			continue
		}
		r.readyLocked(st)
	}
	r.work = r.work[:0]
}

func (r *run) readyLocked(st *nodeState) {
	st.runnableAt = r.now
	r.event(Event{Type: EventPipeReady, Time: r.now, Node: st.res.ID, Index: int(st.index), Pipe: st.res.Pipe, Key: st.res.Key, Gate: st.isGate(), FanOut: st.isFanOut()})
	r.enqueueLocked(st)
}

// triggerLocked applies a node's trigger rule to its upstreams' statuses. The
// instances of a fan-out upstream count one by one.
func (r *run) triggerLocked(st *nodeState) (bool, string) {
	t := st.up // a static node's, counted as its upstreams finished
	if st.parent != nil {
		// An instance's fan-out node already passed its trigger; only the
		// instance's own Deps count.
		for _, p := range st.x.preds {
			t.add(p.res.Status)
		}
	}
	return st.node.Trigger.Holds(int(t.n), int(t.succeeded), int(t.failed))
}

// tally counts upstream statuses for a trigger rule.
type tally struct{ n, succeeded, failed int32 }

// merge adds the counts of u.
func (t *tally) merge(u tally) {
	t.n += u.n
	t.succeeded += u.succeeded
	t.failed += u.failed
}

func (t *tally) add(s Status) {
	t.n++
	switch s {
	case StatusSucceeded:
		t.succeeded++
	case StatusFailed, StatusCancelled:
		t.failed++
	}
}

// enqueueLocked puts a runnable node in the ready queue, or in its pool's queue when
// the pool is full.
func (r *run) enqueueLocked(st *nodeState) {
	if p := st.pool; p >= 0 && r.poolRunning[p] >= r.poolSize[p] {
		r.poolWaiting[p].push(st.index)
		return
	}
	r.ready.push(st.index)
}

// takeLocked removes the next node that may start now and claims its slots, or
// returns nil.
func (r *run) takeLocked() *nodeState {
	if r.stopping || (r.limit > 0 && r.running >= r.limit) {
		return nil
	}
	for r.ready.len() > 0 {
		st := r.state(r.ready.pop())
		if p := st.pool; p >= 0 {
			if r.poolRunning[p] >= r.poolSize[p] {
				r.poolWaiting[p].push(st.index)
				continue
			}
			r.poolRunning[p]++
		}
		r.running++
		return st
	}
	return nil
}

// releaseLocked gives back a node's slots and moves a waiter of its pool forward.
func (r *run) releaseLocked(st *nodeState) {
	r.running--
	if p := st.pool; p >= 0 {
		r.poolRunning[p]--
		if r.poolWaiting[p].len() > 0 {
			r.ready.push(r.poolWaiting[p].pop())
		}
	}
}

// dispatchLocked starts goroutines for ready nodes while slots are free. A calling
// worker (self != nil) keeps the first node for itself: it is returned.
func (r *run) dispatchLocked(self *nodeState) *nodeState {
	var next *nodeState
	for {
		st := r.takeLocked()
		if st == nil {
			return next
		}
		if self != nil && next == nil {
			next = st
			continue
		}
		r.group.Go(func() error {
			r.worker(st)
			return nil
		})
	}
}

func (r *run) worker(st *nodeState) {
	var start time.Time // zero: read the clock
	for st != nil {
		out := r.execute(st, start)
		r.mu.Lock()
		r.now = out.end
		if r.now.IsZero() {
			r.now = r.clock.Now()
		}
		r.noticeCancelLocked()
		r.releaseLocked(st)
		r.completeLocked(st, out)
		r.settleLocked()
		st = r.dispatchLocked(st)
		// The node this worker keeps starts now: the time of this step stands
		// for its start, which saves a clock read per node (issue 8). The step
		// is the bookkeeping of the node that just ended, microseconds at most.
		start = r.now
		r.mu.Unlock()
	}
}

// execute runs a node's condition (before its first attempt) and one attempt, or a
// fan-out node's expansion, without holding the lock. Only this goroutine touches
// st.res while the node runs.
//
// start is the time the attempt starts, when the caller has just read it; zero
// makes execute read the clock.
func (r *run) execute(st *nodeState, start time.Time) outcome {
	nd := st.node
	if r.ctx.Err() != nil {
		return outcome{kind: outCancelled}
	}
	res := st.res
	in := Input{Node: res.ID, Key: res.Key, r: r, st: st}
	cond := nd.Condition
	if st.parent != nil {
		cond = st.x.cond
	}
	if res.Attempts == 0 && cond != nil {
		ok, err := callCondition(r.ctx, cond, in)
		if err != nil {
			return outcome{kind: outPermanent, err: fmt.Errorf("condition: %w", err)}
		}
		if !ok {
			return outcome{kind: outSkipped}
		}
		start = time.Time{} // the condition took its time: read the clock
	}
	task := nd.Task
	if st.parent == nil && nd.Expand != nil {
		insts, err := callExpand(r.ctx, nd.Expand, in)
		if err != nil {
			return outcome{kind: outPermanent, err: fmt.Errorf("for_each: %w", err)}
		}
		return outcome{kind: outExpanded, instances: insts}
	}
	if st.parent != nil {
		task = st.x.task
	}
	if task == nil {
		return outcome{kind: outSucceeded}
	}
	res.Attempts++
	in.Attempt = res.Attempts
	if start.IsZero() {
		start = r.clock.Now()
	}
	if res.Attempts == 1 {
		res.Started = start
	}
	r.event(Event{Type: EventAttemptStarted, Time: start, Node: res.ID, Index: int(st.index), Pipe: res.Pipe, Key: res.Key,
		Attempt: res.Attempts, MaxAttempts: nd.Retry.Attempts(), Wait: start.Sub(st.runnableAt)})

	actx, cancel := r.ctx, context.CancelFunc(func() {})
	if nd.Timeout > 0 {
		actx, cancel = context.WithTimeout(r.ctx, nd.Timeout)
	}
	outVal, err := callTask(actx, task, in)
	timedOut := err != nil && actx.Err() == context.DeadlineExceeded && r.ctx.Err() == nil
	cancel()

	end := r.clock.Now()
	ar := AttemptOK
	switch {
	case timedOut:
		ar = AttemptTimeout
		err = fmt.Errorf("attempt %d timed out after %s: %w", res.Attempts, nd.Timeout, err)
	case err != nil:
		ar = AttemptError
	}
	r.event(Event{Type: EventAttemptFinished, Time: end, Node: res.ID, Index: int(st.index), Pipe: res.Pipe, Key: res.Key,
		Attempt: res.Attempts, MaxAttempts: nd.Retry.Attempts(), AttemptResult: ar, Duration: end.Sub(start), Err: err})
	switch {
	case err == nil:
		return outcome{kind: outSucceeded, output: outVal, end: end}
	case r.ctx.Err() != nil && !timedOut:
		return outcome{kind: outCancelled, output: outVal, err: err, end: end}
	case pipes.IsPermanent(err):
		return outcome{kind: outPermanent, output: outVal, err: err, end: end}
	default:
		return outcome{kind: outFailed, output: outVal, err: err, end: end}
	}
}

func callTask(ctx context.Context, t Task, in Input) (out cty.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v\n%s", ErrPanic, p, debug.Stack())
		}
	}()
	return t(ctx, in)
}

func callCondition(ctx context.Context, c Condition, in Input) (ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrPanic, p)
		}
	}()
	return c(ctx, in)
}

func callExpand(ctx context.Context, e Expand, in Input) (insts []Instance, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrPanic, p)
		}
	}()
	return e(ctx, in)
}

// completeLocked records the outcome of an attempt: finish the node, schedule its
// retry, or start the instances of a fan-out.
func (r *run) completeLocked(st *nodeState, out outcome) {
	nd := st.node
	res := st.res
	switch out.kind {
	case outSucceeded:
		r.finishLocked(st, StatusSucceeded, "", nil, out.output)
	case outSkipped:
		r.finishLocked(st, StatusSkipped, ReasonConditionFalse, nil, cty.NilVal)
	case outCancelled:
		reason := r.stopReason
		if reason == "" {
			reason = ReasonRunCancelled
		}
		r.finishLocked(st, StatusCancelled, reason, out.err, out.output)
	case outExpanded:
		r.expandLocked(st, out.instances)
	case outPermanent, outFailed:
		if out.kind == outPermanent || res.Attempts >= nd.Retry.Attempts() || r.stopping {
			r.failLocked(st, out.err, out.output)
			return
		}
		res.Output, res.Err = out.output, out.err
		delay := nd.Retry.DelayBefore(res.Attempts, r.rand())
		r.event(Event{Type: EventRetrying, Time: r.now, Node: res.ID, Index: int(st.index), Pipe: res.Pipe, Key: res.Key,
			Attempt: res.Attempts + 1, MaxAttempts: nd.Retry.Attempts(), Delay: delay, Err: out.err})
		r.scheduleRetryLocked(st, delay)
	}
}

// expandLocked adds a fan-out node's instances to the run. Each is its own task
// with the node's (or its own) retries, timeout and pool; the node finishes when
// all have.
func (r *run) expandLocked(st *nodeState, insts []Instance) {
	if r.stopping {
		r.finishLocked(st, StatusCancelled, r.stopReason, nil, cty.NilVal)
		return
	}
	if len(insts) == 0 {
		r.finishLocked(st, StatusSucceeded, "", nil, cty.NilVal)
		return
	}
	block := make([]nodeState, len(insts))
	resBlock := make([]Result, len(insts))
	byID := make(map[string]*nodeState, len(insts))
	for k, inst := range insts {
		is := &block[k]
		is.node, is.static, is.pool, is.parent = st.node, st.static, st.pool, st
		is.x = &fanState{task: inst.Task, cond: inst.Condition}
		id := inst.ID
		if id == "" {
			id = instanceID(st.res.ID, inst.Key)
		}
		is.res = &resBlock[k]
		*is.res = Result{ID: id, Pipe: st.res.Pipe, Key: inst.Key}
		if nd := inst.Node; nd != nil {
			is.node = nd
			if nd.Pipe != "" {
				is.res.Pipe = nd.Pipe
			}
			is.pool = -1
			if nd.Pool != "" {
				p, ok := r.poolIdx[nd.Pool]
				if !ok {
					r.failLocked(st, pipes.Permanent(fmt.Errorf("instance %s: unknown pool %q", id, nd.Pool)), cty.NilVal)
					return
				}
				is.pool = p
			}
		}
		if _, dup := byID[id]; dup {
			r.failLocked(st, pipes.Permanent(fmt.Errorf("duplicate instance %s", id)), cty.NilVal)
			return
		}
		byID[id] = is
	}
	for k, inst := range insts {
		is := &block[k]
		for _, d := range inst.Deps {
			p, ok := byID[d]
			if !ok {
				r.failLocked(st, pipes.Permanent(fmt.Errorf("instance %s depends on unknown instance %s", is.res.ID, d)), cty.NilVal)
				return
			}
			is.x.preds = append(is.x.preds, p)
			p.x.succs = append(p.x.succs, is)
		}
		is.remaining = int32(len(is.x.preds))
	}
	if cyclic(block) {
		r.failLocked(st, pipes.Permanent(errors.New("instances depend on each other in a cycle")), cty.NilVal)
		return
	}
	st.x = &fanState{instances: make([]*nodeState, len(insts)), open: len(insts)}
	st.res.Started = r.now
	r.pending += len(insts)
	for k := range block {
		is := &block[k]
		is.index = int32(len(r.static) + len(r.instances))
		r.instances = append(r.instances, is)
		st.x.instances[k] = is
	}
	for _, is := range st.x.instances {
		if r.opts.Reuse != nil {
			if prev, ok := r.opts.Reuse(is.res.ID); ok {
				r.reuseLocked(is, prev)
				continue
			}
		}
		// Roots of the expansion only: dependents of reused instances were
		// queued when those finished.
		if len(is.x.preds) == 0 {
			r.work = append(r.work, is.index)
		}
	}
}

// cyclic reports whether the instances of one expansion depend on each other in
// a cycle (Kahn's algorithm over the block).
func cyclic(block []nodeState) bool {
	indeg := make(map[*nodeState]int, len(block))
	var queue []*nodeState
	for k := range block {
		is := &block[k]
		indeg[is] = len(is.x.preds)
		if len(is.x.preds) == 0 {
			queue = append(queue, is)
		}
	}
	seen := 0
	for len(queue) > 0 {
		is := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		seen++
		for _, s := range is.x.succs {
			indeg[s]--
			if indeg[s] == 0 {
				queue = append(queue, s)
			}
		}
	}
	return seen != len(block)
}

// isGate reports whether the node does no work (a composite's gate).
func (st *nodeState) isGate() bool {
	if st.parent != nil {
		return st.x.task == nil
	}
	return st.node.Task == nil && st.node.Expand == nil
}

// isFanOut reports whether the node is a fan-out node (not an instance).
func (st *nodeState) isFanOut() bool { return st.parent == nil && st.node.Expand != nil }

// instanceID names a fan-out instance: id[key].
func instanceID(id, key string) string { return id + "[" + key + "]" }

// scheduleRetryLocked re-queues a node after delay, holding no slot meanwhile.
func (r *run) scheduleRetryLocked(st *nodeState, delay time.Duration) {
	i := st.index
	r.timerWG.Add(1)
	r.timers[i] = r.clock.AfterFunc(delay, func() {
		defer r.timerWG.Done()
		r.mu.Lock()
		defer r.mu.Unlock()
		r.now = r.clock.Now()
		r.noticeCancelLocked()
		if _, ok := r.timers[i]; !ok {
			return // stopped and settled by stopLocked
		}
		delete(r.timers, i)
		if r.stopping {
			r.finishLocked(st, StatusCancelled, r.stopReason, st.res.Err, st.res.Output)
			r.settleLocked()
			return
		}
		st.runnableAt = r.now
		r.enqueueLocked(st)
		r.dispatchLocked(nil)
	})
}

func (r *run) failLocked(st *nodeState, err error, out cty.Value) {
	r.failed = true
	r.finishLocked(st, StatusFailed, "", err, out)
	if r.opts.FailFast {
		r.stopLocked(ReasonFailFast, errStopped)
	}
}

// noticeCancelLocked stops the run if its context ended before the watcher in run
// got the lock, so that a task returning early on cancellation cannot make its
// dependents look skipped instead of cancelled.
func (r *run) noticeCancelLocked() {
	if !r.stopping && r.parent.Err() != nil {
		r.stopLocked(ReasonRunCancelled, context.Cause(r.parent))
	}
}

// stopLocked stops the run: nothing new starts, running attempts are cancelled,
// queued and backing-off nodes end cancelled.
func (r *run) stopLocked(reason string, cause error) {
	if r.stopping {
		return
	}
	r.stopping = true
	r.stopReason = reason
	r.cancel(cause)
	for r.ready.len() > 0 {
		r.work = append(r.work, r.ready.pop())
	}
	for p := range r.poolWaiting {
		for r.poolWaiting[p].len() > 0 {
			r.work = append(r.work, r.poolWaiting[p].pop())
		}
	}
	for i, t := range r.timers {
		if t.Stop() {
			r.timerWG.Done()
		}
		delete(r.timers, i)
		st := r.state(i)
		r.finishLocked(st, StatusCancelled, reason, st.res.Err, st.res.Output)
	}
	r.settleLocked()
}

// finishLocked gives a node its final status and readies its successors; the last
// instance of a fan-out finishes the fan-out node.
func (r *run) finishLocked(st *nodeState, status Status, reason string, err error, out cty.Value) {
	res := st.res
	now := r.now
	res.Status, res.Reason, res.Err, res.Output, res.Finished = status, reason, err, out, now
	if !res.Started.IsZero() && !res.Reused {
		res.Duration = now.Sub(res.Started) // a reused result keeps its own
	}
	r.event(Event{Type: EventPipeFinished, Time: now, Node: res.ID, Index: int(st.index), Pipe: res.Pipe, Key: res.Key,
		Attempt: res.Attempts, MaxAttempts: st.node.Retry.Attempts(), Status: status, Reason: reason,
		Duration: res.Duration, Err: err, Output: out, Reused: res.Reused, Gate: st.isGate(), FanOut: st.isFanOut()})
	r.pending--
	if r.pending == 0 {
		close(r.done)
	}
	if p := st.parent; p != nil {
		for _, s := range st.x.succs {
			s.remaining--
			if s.remaining == 0 {
				r.work = append(r.work, s.index)
			}
		}
		p.x.open--
		if p.x.open == 0 {
			r.finishFanOutLocked(p)
		}
	} else {
		// The successors' tallies count this node's status now, so that
		// their trigger rules need not visit every upstream again: on a
		// graph of 1M edges that visit cost more than this loop (issue 8).
		// The instances of a fan-out node count one by one.
		var t tally
		if insts := st.insts(); len(insts) > 0 {
			for _, inst := range insts {
				t.add(inst.res.Status)
			}
		} else {
			t.add(status)
		}
		for _, s := range r.g.c.Successors(int(st.static)) {
			succ := &r.static[s]
			succ.up.merge(t)
			succ.remaining--
			if succ.remaining == 0 {
				r.work = append(r.work, s)
			}
		}
	}
}

// finishFanOutLocked ends a fan-out node once all its instances are done: failed
// if any failed, else cancelled if any was cancelled, else succeeded if any
// succeeded, else skipped.
func (r *run) finishFanOutLocked(st *nodeState) {
	var failed, cancelled, succeeded int
	var err error
	reason := ""
	for _, inst := range st.insts() {
		st.res.Attempts += inst.res.Attempts
		switch inst.res.Status {
		case StatusFailed:
			if failed == 0 {
				err = fmt.Errorf("instance %s failed: %w", inst.res.ID, inst.res.Err)
			}
			failed++
		case StatusCancelled:
			cancelled++
			reason = inst.res.Reason
		case StatusSucceeded:
			succeeded++
		}
	}
	switch {
	case failed > 0:
		r.failed = true
		r.finishLocked(st, StatusFailed, "", err, cty.NilVal)
	case cancelled > 0:
		r.finishLocked(st, StatusCancelled, reason, nil, cty.NilVal)
	case succeeded > 0:
		r.finishLocked(st, StatusSucceeded, "", nil, cty.NilVal)
	default:
		r.finishLocked(st, StatusSkipped, ReasonConditionFalse, nil, cty.NilVal)
	}
}

// realClock is the clock of a run without Options.Clock. Its times are the
// run's start plus the monotonic time since: one clock read where time.Now
// takes two (wall and monotonic), and the executor reads the clock for every
// attempt (issue 8: 47 -> 32 ns here). A step of the system clock during a run
// does not show in its event times, as it never showed in durations.
type realClock struct{ base time.Time }

func (c *realClock) Now() time.Time { return c.base.Add(time.Since(c.base)) }
func (*realClock) AfterFunc(d time.Duration, f func()) Timer {
	return time.AfterFunc(d, f)
}
