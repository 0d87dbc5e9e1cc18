package executor

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/zclconf/go-cty/cty"
	"golang.org/x/sync/errgroup"
)

// Run executes g and returns one result per node (and per fan-out instance).
// Pipe failures are results, not errors: the error is non-nil only when the run
// could not start (bad options). When ctx ends, nothing new starts, running tasks
// see their context cancelled, and Run returns once every goroutine it started has
// ended.
//
// Run is the local driver of the scheduling core (Sched): the goroutine that
// finishes a node takes the lock, tells the core, and starts what the core
// says may start, keeping the next node for itself.
func Run(ctx context.Context, g *Graph, opts Options) (*Report, error) {
	s, err := NewSched(g, opts)
	if err != nil {
		return nil, err
	}
	r := &run{s: s, opts: opts, clock: opts.Clock, parent: ctx, timers: map[int32]Timer{}, done: make(chan struct{})}
	if r.clock == nil {
		r.clock = &realClock{base: time.Now()}
	}
	r.ctx, r.cancel = context.WithCancelCause(ctx)
	// Handlers run after the run was stopped, and after ctx ended: their
	// context keeps ctx's values, not its end; their own timeout ends them.
	if len(g.handlers) > 0 {
		var hcancel context.CancelFunc
		r.hctx, hcancel = context.WithCancel(context.WithoutCancel(ctx))
		defer hcancel()
	}
	return r.run(), nil
}

// run is the local driver's state of one run.
type run struct {
	s      *Sched
	opts   Options
	clock  Clock
	ctx    context.Context // the run's context; cancelled on stop
	hctx   context.Context // the handlers' context: not cancelled on stop
	cancel context.CancelCauseFunc
	parent context.Context
	group  errgroup.Group

	mu      sync.Mutex
	stopped bool            // the core's stop has been carried out (ctx cancelled, timers stopped)
	timers  map[int32]Timer // retry back-offs
	timerWG sync.WaitGroup  // retry timers whose callback may still run
	done    chan struct{}   // closed when the core is done
	closed  bool
}

func (r *run) run() *Report {
	start := r.clock.Now()
	r.mu.Lock()
	r.s.Begin(start)
	r.afterLocked()
	r.dispatchLocked(nil)
	var deadline Timer
	if r.opts.Timeout > 0 && !r.s.Done() {
		r.timerWG.Add(1)
		deadline = r.clock.AfterFunc(r.opts.Timeout, func() {
			defer r.timerWG.Done()
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.s.Done() {
				return
			}
			r.s.Stop(ReasonRunTimeout, ErrRunTimeout, r.clock.Now())
			r.afterLocked()
		})
	}
	deadlines := r.startDeadlinesLocked()
	r.mu.Unlock()

	select {
	case <-r.done:
	case <-r.parent.Done():
		r.mu.Lock()
		r.s.Stop(ReasonRunCancelled, context.Cause(r.parent), r.clock.Now())
		r.afterLocked()
		r.mu.Unlock()
		<-r.done
	}
	if deadline != nil && deadline.Stop() {
		r.timerWG.Done()
	}
	for _, t := range deadlines {
		if t.Stop() {
			r.timerWG.Done()
		}
	}
	_ = r.group.Wait()
	r.timerWG.Wait()
	r.cancel(nil)
	return r.s.Report(r.clock.Now())
}

// afterLocked carries out what the core's last step implies for the driver:
// a stop cancels running attempts and back-off timers; the end wakes run.
func (r *run) afterLocked() {
	if stopping, cause := r.s.Stopping(); stopping && !r.stopped {
		r.stopped = true
		r.cancel(cause)
		for i, t := range r.timers {
			if t.Stop() {
				r.timerWG.Done()
			}
			delete(r.timers, i)
		}
	}
	if r.s.Done() && !r.closed {
		r.closed = true
		close(r.done)
	}
}

// noticeCancelLocked stops the run if its context ended before the watcher in run
// got the lock, so that a task returning early on cancellation cannot make its
// dependents look skipped instead of cancelled.
func (r *run) noticeCancelLocked(now time.Time) {
	if stopping, _ := r.s.Stopping(); !stopping && r.parent.Err() != nil {
		r.s.Stop(ReasonRunCancelled, context.Cause(r.parent), now)
	}
}

// dispatchLocked starts goroutines for the steps the core says may start. A
// calling worker (self) keeps the first for itself: self is filled with it,
// and true returned.
func (r *run) dispatchLocked(self *Step) bool {
	kept := false
	var step Step
	for {
		into := &step
		if self != nil && !kept {
			into = self
		}
		if !r.s.Next(into) {
			return kept
		}
		if into == self {
			kept = true
			continue
		}
		r.spawn(step)
	}
}

// spawn runs step in a goroutine of its own (kept out of dispatchLocked, so
// that the steps a worker keeps for itself are not moved to the heap).
func (r *run) spawn(step Step) {
	r.group.Go(func() error {
		r.worker(step)
		return nil
	})
}

func (r *run) worker(step Step) {
	var start time.Time // zero: read the clock
	var out Outcome
	for {
		end := r.execute(&step, start, &out)
		r.mu.Lock()
		now := end
		if now.IsZero() {
			now = r.clock.Now()
		}
		r.noticeCancelLocked(now)
		if delay, wait := r.s.complete(&step, &out, now); wait {
			r.scheduleRetryLocked(step.Index, delay)
		}
		r.afterLocked()
		ok := r.dispatchLocked(&step)
		// The node this worker keeps starts now: the time of this step stands
		// for its start, which saves a clock read per node. The step is the
		// bookkeeping of the node that just ended, microseconds at most.
		start = now
		r.mu.Unlock()
		if !ok {
			return
		}
	}
}

// execute runs a step without holding the lock: what comes before its
// attempt (Step.Prepare), then one attempt of its task. It writes the outcome
// to out and returns when the attempt ended (zero if none ran).
//
// start is the time the attempt starts, when the caller has just read it; zero
// makes execute read the clock.
func (r *run) execute(step *Step, start time.Time, out *Outcome) time.Time {
	ctx := r.ctx
	if step.Handler() {
		ctx = r.hctx
	}
	if ctx.Err() != nil {
		*out = Outcome{Kind: OutcomeCancelled}
		return time.Time{}
	}
	if step.Condition() != nil {
		start = time.Time{} // the condition takes its time: read the clock
	}
	if o, done := step.Prepare(ctx); done {
		*out = o
		return time.Time{}
	}
	task, in := step.Task(), step.Input()
	if start.IsZero() {
		start = r.clock.Now()
	}
	in.Attempt = r.s.AttemptStarted(step, start)
	actx, cancel := ctx, context.CancelFunc(func() {})
	if t := step.Node().Timeout; t > 0 {
		actx, cancel = context.WithTimeout(ctx, t)
	}
	outVal, err := callTask(actx, task, in)
	timedOut := err != nil && actx.Err() == context.DeadlineExceeded && ctx.Err() == nil
	cancel()
	end := r.clock.Now()
	r.s.attemptFinished(step, start, end, outVal, err, timedOut, err != nil && ctx.Err() != nil, out)
	return end
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

func callUpToDate(ctx context.Context, u UpToDate, in Input) (out cty.Value, ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrPanic, p)
		}
	}()
	return u(ctx, in)
}

func callExpand(ctx context.Context, e Expand, in Input) (insts []Instance, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrPanic, p)
		}
	}()
	return e(ctx, in)
}

// scheduleRetryLocked wakes node i in the core after delay, holding no slot
// meanwhile.
func (r *run) scheduleRetryLocked(i int32, delay time.Duration) {
	r.timerWG.Add(1)
	r.timers[i] = r.clock.AfterFunc(delay, func() {
		defer r.timerWG.Done()
		r.mu.Lock()
		defer r.mu.Unlock()
		if _, ok := r.timers[i]; !ok {
			return // stopped: the core cancelled the node
		}
		delete(r.timers, i)
		now := r.clock.Now()
		r.noticeCancelLocked(now)
		r.s.Wake(i, now)
		r.afterLocked()
		r.dispatchLocked(nil)
	})
}

// startDeadlinesLocked sets a timer for each deadline of the run (Sched.Deadlines).
func (r *run) startDeadlinesLocked() []Timer {
	var timers []Timer
	for _, d := range r.s.Deadlines() {
		if r.s.Done() {
			break
		}
		r.timerWG.Add(1)
		timers = append(timers, r.clock.AfterFunc(d, func() {
			defer r.timerWG.Done()
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.s.Done() {
				return
			}
			r.s.DeadlinePassed(r.clock.Now())
			r.afterLocked()
			r.dispatchLocked(nil)
		}))
	}
	return timers
}

// realClock is the clock of a run without Options.Clock. Its times are the
// run's start plus the monotonic time since: one clock read where time.Now
// takes two (wall and monotonic), and the driver reads the clock for every
// attempt. A step of the system clock during a run does not show in its event
// times, as it never showed in durations.
type realClock struct{ base time.Time }

func (c *realClock) Now() time.Time { return c.base.Add(time.Since(c.base)) }
func (*realClock) AfterFunc(d time.Duration, f func()) Timer {
	return time.AfterFunc(d, f)
}
