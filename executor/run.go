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

// Run executes g and returns one result per node. Pipe failures are results, not
// errors: the error is non-nil only when the run could not start (bad options).
// When ctx ends, nothing new starts, running tasks see their context cancelled,
// and Run returns once every goroutine it started has ended.
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
)

type outcome struct {
	kind   outcomeKind
	output cty.Value
	err    error
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

	nodePool []int32 // pool index per node, -1 for none
	poolSize []int

	mu          sync.Mutex
	results     []Result
	remaining   []int32 // upstreams not yet done, per node
	runnableAt  []time.Time
	ready       queue
	poolWaiting []queue
	poolRunning []int
	running     int
	pending     int // nodes not done
	stopping    bool
	stopReason  string
	failed      bool
	timers      map[int32]Timer
	timerWG     sync.WaitGroup // retry timers whose callback may still run
	work        []int32        // nodes whose upstreams are all done, to be decided
	done        chan struct{}
}

func newRun(ctx context.Context, g *Graph, opts Options) (*run, error) {
	n := len(g.nodes)
	r := &run{
		g:          g,
		opts:       opts,
		clock:      opts.Clock,
		obs:        opts.Observer,
		rand:       opts.Rand,
		limit:      opts.Parallelism,
		parent:     ctx,
		nodePool:   make([]int32, n),
		results:    make([]Result, n),
		remaining:  make([]int32, n),
		runnableAt: make([]time.Time, n),
		pending:    n,
		timers:     map[int32]Timer{},
		done:       make(chan struct{}),
	}
	if r.clock == nil {
		r.clock = realClock{}
	}
	if r.obs == nil {
		r.obs = ObserverFunc(func(Event) {})
	}
	if r.rand == nil {
		r.rand = rand.Float64
	}
	poolIndex := map[string]int32{}
	for name, size := range opts.Pools {
		if size < 1 {
			return nil, fmt.Errorf("pool %q: size must be at least 1, got %d", name, size)
		}
		poolIndex[name] = int32(len(r.poolSize))
		r.poolSize = append(r.poolSize, size)
	}
	r.poolWaiting = make([]queue, len(r.poolSize))
	r.poolRunning = make([]int, len(r.poolSize))
	for i := range g.nodes {
		nd := &g.nodes[i]
		r.nodePool[i] = -1
		if nd.Pool != "" {
			p, ok := poolIndex[nd.Pool]
			if !ok {
				return nil, fmt.Errorf("node %q: unknown pool %q", nd.ID, nd.Pool)
			}
			r.nodePool[i] = p
		}
		r.results[i] = Result{ID: nd.ID, Pipe: nd.Pipe, Key: nd.Key}
		r.remaining[i] = g.c.Indegree[i]
	}
	r.ctx, r.cancel = context.WithCancelCause(ctx)
	return r, nil
}

func (r *run) run() *Report {
	r.started = r.clock.Now()
	r.obs.Event(Event{Type: EventRunStarted, Time: r.started})

	r.mu.Lock()
	if r.pending == 0 {
		close(r.done)
	}
	for _, i := range r.g.order {
		if r.remaining[i] == 0 {
			r.work = append(r.work, i)
		}
	}
	r.settleLocked()
	r.dispatchLocked(-1)
	r.mu.Unlock()

	select {
	case <-r.done:
	case <-r.parent.Done():
		r.mu.Lock()
		r.stopLocked(ReasonRunCancelled, context.Cause(r.parent))
		r.mu.Unlock()
		<-r.done
	}
	_ = r.group.Wait()
	r.timerWG.Wait()
	r.cancel(nil)

	rep := &Report{Started: r.started, Results: make([]Result, len(r.results)), index: make(map[string]int, len(r.results))}
	for k, i := range r.g.order {
		rep.Results[k] = r.results[i]
		rep.index[r.results[i].ID] = k
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
	r.obs.Event(Event{Type: EventRunFinished, Time: end, Status: rep.Status, Duration: rep.Duration})
	return rep
}

// settleLocked decides every node in r.work (all upstreams done): skip or cancel it
// at once, or queue it to run. Finishing a node can add its successors, so this is a
// loop over a worklist rather than recursion (a long chain of skips must not grow
// the stack).
func (r *run) settleLocked() {
	for k := 0; k < len(r.work); k++ { // FIFO: ready nodes start in order
		i := r.work[k]
		if r.stopping {
			r.finishLocked(i, StatusCancelled, r.stopReason, nil, cty.NilVal)
			continue
		}
		if ok, reason := r.triggerLocked(i); !ok {
			r.finishLocked(i, StatusSkipped, reason, nil, cty.NilVal)
			continue
		}
		now := r.clock.Now()
		r.runnableAt[i] = now
		nd := &r.g.nodes[i]
		r.obs.Event(Event{Type: EventPipeReady, Time: now, Node: nd.ID, Pipe: nd.Pipe, Key: nd.Key})
		r.enqueueLocked(i)
	}
	r.work = r.work[:0]
}

// triggerLocked applies node i's trigger rule to its upstreams' statuses.
func (r *run) triggerLocked(i int32) (bool, string) {
	preds := r.g.c.Predecessors(int(i))
	if len(preds) == 0 {
		return true, ""
	}
	var succeeded, failed, skipped int
	for _, p := range preds {
		switch r.results[p].Status {
		case StatusSucceeded:
			succeeded++
		case StatusFailed, StatusCancelled:
			failed++
		case StatusSkipped:
			skipped++
		}
	}
	n := len(preds)
	switch r.g.nodes[i].Trigger {
	case AllSuccess:
		switch {
		case succeeded == n:
			return true, ""
		case failed > 0:
			return false, ReasonUpstreamFailed
		default:
			return false, ReasonUpstreamSkipped
		}
	case AllDone:
		return true, ""
	case NoneFailed:
		if failed > 0 {
			return false, ReasonUpstreamFailed
		}
		return true, ""
	case OneFailed:
		return failed > 0, ReasonTriggerNotMet
	case OneSuccess:
		return succeeded > 0, ReasonTriggerNotMet
	case AllFailed:
		return failed == n, ReasonTriggerNotMet
	}
	return false, ReasonTriggerNotMet
}

// enqueueLocked puts a runnable node in the ready queue, or in its pool's queue when
// the pool is full.
func (r *run) enqueueLocked(i int32) {
	if p := r.nodePool[i]; p >= 0 && r.poolRunning[p] >= r.poolSize[p] {
		r.poolWaiting[p].push(i)
		return
	}
	r.ready.push(i)
}

// takeLocked removes the next node that may start now and claims its slots, or
// returns -1.
func (r *run) takeLocked() int32 {
	if r.stopping || (r.limit > 0 && r.running >= r.limit) {
		return -1
	}
	for r.ready.len() > 0 {
		i := r.ready.pop()
		if p := r.nodePool[i]; p >= 0 {
			if r.poolRunning[p] >= r.poolSize[p] {
				r.poolWaiting[p].push(i)
				continue
			}
			r.poolRunning[p]++
		}
		r.running++
		return i
	}
	return -1
}

// releaseLocked gives back node i's slots and moves a waiter of its pool forward.
func (r *run) releaseLocked(i int32) {
	r.running--
	if p := r.nodePool[i]; p >= 0 {
		r.poolRunning[p]--
		if r.poolWaiting[p].len() > 0 {
			r.ready.push(r.poolWaiting[p].pop())
		}
	}
}

// dispatchLocked starts goroutines for ready nodes while slots are free. The
// calling worker, if any, keeps the first node for itself: it is returned.
func (r *run) dispatchLocked(self int32) int32 {
	next := int32(-1)
	for {
		i := r.takeLocked()
		if i < 0 {
			return next
		}
		if self >= 0 && next < 0 {
			next = i
			continue
		}
		r.group.Go(func() error {
			r.worker(i)
			return nil
		})
	}
}

func (r *run) worker(i int32) {
	for i >= 0 {
		out := r.execute(i)
		r.mu.Lock()
		r.noticeCancelLocked()
		r.releaseLocked(i)
		r.completeLocked(i, out)
		r.settleLocked()
		i = r.dispatchLocked(i)
		r.mu.Unlock()
	}
}

// execute runs node i's condition (before its first attempt) and one attempt,
// without holding the lock.
func (r *run) execute(i int32) outcome {
	nd := &r.g.nodes[i]
	if r.ctx.Err() != nil {
		return outcome{kind: outCancelled}
	}
	res := &r.results[i] // only this goroutine writes it while the node runs
	in := Input{Node: nd.ID, r: r, i: i}
	if res.Attempts == 0 && nd.Condition != nil {
		ok, err := callCondition(r.ctx, nd.Condition, in)
		if err != nil {
			return outcome{kind: outPermanent, err: fmt.Errorf("condition: %w", err)}
		}
		if !ok {
			return outcome{kind: outSkipped}
		}
	}
	if nd.Task == nil {
		return outcome{kind: outSucceeded}
	}
	res.Attempts++
	in.Attempt = res.Attempts
	start := r.clock.Now()
	if res.Attempts == 1 {
		res.Started = start
	}
	r.obs.Event(Event{Type: EventAttemptStarted, Time: start, Node: nd.ID, Pipe: nd.Pipe, Key: nd.Key,
		Attempt: res.Attempts, MaxAttempts: nd.Retry.Attempts(), Wait: start.Sub(r.runnableAt[i])})

	actx, cancel := r.ctx, context.CancelFunc(func() {})
	if nd.Timeout > 0 {
		actx, cancel = context.WithTimeout(r.ctx, nd.Timeout)
	}
	outVal, err := callTask(actx, nd.Task, in)
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
	r.obs.Event(Event{Type: EventAttemptFinished, Time: end, Node: nd.ID, Pipe: nd.Pipe, Key: nd.Key,
		Attempt: res.Attempts, MaxAttempts: nd.Retry.Attempts(), AttemptResult: ar, Duration: end.Sub(start), Err: err})
	switch {
	case err == nil:
		return outcome{kind: outSucceeded, output: outVal}
	case r.ctx.Err() != nil && !timedOut:
		return outcome{kind: outCancelled, output: outVal, err: err}
	case pipes.IsPermanent(err):
		return outcome{kind: outPermanent, output: outVal, err: err}
	default:
		return outcome{kind: outFailed, output: outVal, err: err}
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

// completeLocked records the outcome of an attempt: finish the node or schedule its
// retry.
func (r *run) completeLocked(i int32, out outcome) {
	nd := &r.g.nodes[i]
	res := &r.results[i]
	switch out.kind {
	case outSucceeded:
		r.finishLocked(i, StatusSucceeded, "", nil, out.output)
	case outSkipped:
		r.finishLocked(i, StatusSkipped, ReasonConditionFalse, nil, cty.NilVal)
	case outCancelled:
		reason := r.stopReason
		if reason == "" {
			reason = ReasonRunCancelled
		}
		r.finishLocked(i, StatusCancelled, reason, out.err, out.output)
	case outPermanent, outFailed:
		if out.kind == outPermanent || res.Attempts >= nd.Retry.Attempts() || r.stopping {
			r.failLocked(i, out.err, out.output)
			return
		}
		res.Output, res.Err = out.output, out.err
		delay := nd.Retry.DelayBefore(res.Attempts, r.rand())
		r.obs.Event(Event{Type: EventRetrying, Time: r.clock.Now(), Node: nd.ID, Pipe: nd.Pipe, Key: nd.Key,
			Attempt: res.Attempts + 1, MaxAttempts: nd.Retry.Attempts(), Delay: delay, Err: out.err})
		r.scheduleRetryLocked(i, delay)
	}
}

// scheduleRetryLocked re-queues node i after delay, holding no slot meanwhile.
func (r *run) scheduleRetryLocked(i int32, delay time.Duration) {
	r.timerWG.Add(1)
	r.timers[i] = r.clock.AfterFunc(delay, func() {
		defer r.timerWG.Done()
		r.mu.Lock()
		defer r.mu.Unlock()
		r.noticeCancelLocked()
		if _, ok := r.timers[i]; !ok {
			return // stopped and settled by stopLocked
		}
		delete(r.timers, i)
		if r.stopping {
			r.finishLocked(i, StatusCancelled, r.stopReason, r.results[i].Err, r.results[i].Output)
			r.settleLocked()
			return
		}
		r.runnableAt[i] = r.clock.Now()
		r.enqueueLocked(i)
		r.dispatchLocked(-1)
	})
}

func (r *run) failLocked(i int32, err error, out cty.Value) {
	r.failed = true
	r.finishLocked(i, StatusFailed, "", err, out)
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
		res := &r.results[i]
		r.finishLocked(i, StatusCancelled, reason, res.Err, res.Output)
	}
	r.settleLocked()
}

// finishLocked gives node i its final status and readies its successors.
func (r *run) finishLocked(i int32, st Status, reason string, err error, out cty.Value) {
	nd := &r.g.nodes[i]
	res := &r.results[i]
	now := r.clock.Now()
	res.Status, res.Reason, res.Err, res.Output, res.Finished = st, reason, err, out, now
	if !res.Started.IsZero() {
		res.Duration = now.Sub(res.Started)
	}
	r.obs.Event(Event{Type: EventPipeFinished, Time: now, Node: nd.ID, Pipe: nd.Pipe, Key: nd.Key,
		Attempt: res.Attempts, MaxAttempts: nd.Retry.Attempts(), Status: st, Reason: reason,
		Duration: res.Duration, Err: err, Output: out})
	for _, s := range r.g.c.Successors(int(i)) {
		r.remaining[s]--
		if r.remaining[s] == 0 {
			r.work = append(r.work, s)
		}
	}
	r.pending--
	if r.pending == 0 {
		close(r.done)
	}
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }
func (realClock) AfterFunc(d time.Duration, f func()) Timer {
	return time.AfterFunc(d, f)
}
