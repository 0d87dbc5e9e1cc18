package temporal

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"
	enumspb "go.temporal.io/api/enums/v1"
	sdktemporal "go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/internal/bind"
	"github.com/dagrun/dagrun/pipes"
)

// Temporal needs a start-to-close timeout on every activity; a pipe without
// `timeout` gets this one (a lost worker is still noticed by heartbeats).
const noTimeout = 365 * 24 * time.Hour

// timeoutGrace is how much later than a pipe's own timeout Temporal times its
// attempt out: the worker ends the attempt at the pipe's timeout itself (an
// exec process has pipes.ExecKillGrace to go) and says so.
const timeoutGrace = pipes.ExecKillGrace + DefaultHeartbeatTimeout

// DefaultHeartbeatTimeout is how long a worker running a pipe may stay silent
// before the attempt counts as lost (a timeout), to be retried elsewhere.
const DefaultHeartbeatTimeout = 10 * time.Second

// varsFileName names the variables file the workflow gives the loader.
const varsFileName = "<dagrun: variables resolved by the starter>"

// runWorkflow is the workflow of one pipeline run: it loads the pipeline from
// the shipped sources, binds it to executor nodes as the local engine does,
// and drives the same scheduling core (executor.Sched), running each attempt
// of a pipe as an activity.
func runWorkflow(ctx workflow.Context, types *pipes.Registry, in Input) (*Output, error) {
	return runWorkflowKeeping(ctx, types, in, nil)
}

// runWorkflowKeeping is runWorkflow that hands the run's event log to keep
// (when not nil) once it exists: a replay of the run's history reads it.
func runWorkflowKeeping(ctx workflow.Context, types *pipes.Registry, in Input, keep func(*eventLog)) (*Output, error) {
	if err := in.unpack(); err != nil {
		return nil, sdktemporal.NewNonRetryableApplicationError(err.Error(), "dagrun.InvalidPipeline", nil)
	}
	cfg, err := loadInWorkflow(ctx, types, in)
	if err != nil {
		return nil, invalidOnWorker(ctx, err)
	}
	d, err := newDriver(ctx, cfg, in)
	if err != nil {
		return nil, sdktemporal.NewNonRetryableApplicationError(err.Error(), "dagrun.InvalidPipeline", nil)
	}
	if err := workflow.SetQueryHandler(ctx, EventsQuery, d.log.page); err != nil {
		return nil, err
	}
	if keep != nil {
		keep(&d.log)
	}
	return d.run()
}

// loadInWorkflow loads the pipeline the starter loaded, from what it shipped.
// Nothing here reads the host: env(), file() and timestamp() are answered from
// the input and the workflow's clock, so every replay sees the same pipeline.
func loadInWorkflow(ctx workflow.Context, types *pipes.Registry, in Input) (*dhcl.Pipeline, error) {
	return loadInput(types, in, func() time.Time { return workflow.Now(ctx) })
}

// loadInput loads the pipeline of a run's input with now as its clock,
// reading nothing of the host.
func loadInput(types *pipes.Registry, in Input, now func() time.Time) (*dhcl.Pipeline, error) {
	cfg, diags := dhcl.LoadFiles(in.Dir, in.Name, in.Files, inputLoadOptions(types, in, now))
	if diags.HasErrors() {
		return nil, bind.DiagnosticsError(diags, cfg.Redact)
	}
	return cfg, nil
}

// inputLoadOptions are the options that load the pipeline of a run's input
// from what it ships: environment, files and variables, with now as the
// clock.
func inputLoadOptions(types *pipes.Registry, in Input, now func() time.Time) dhcl.LoadOptions {
	opts := dhcl.LoadOptions{
		Types: types,
		LookupEnv: func(name string) (string, bool) {
			v, ok := in.Env[name]
			return v, ok
		},
		Now: now,
		ReadFile: func(name string) ([]byte, error) {
			if name == varsFileName {
				return []byte(in.Vars), nil
			}
			if s, ok := in.ReadFiles[name]; ok {
				return []byte(s), nil
			}
			return nil, fmt.Errorf("%s: not shipped with the run (file() needs a path known when the run starts)", name)
		},
		// A sub-pipeline given as a directory: its files were shipped
		// (the worker may not have the directory).
		ListDir: func(dir string) ([]string, bool) { return shippedHCL(in.ReadFiles, dir) },
	}
	if in.Vars != "" {
		opts.VarFiles = []string{varsFileName}
	}
	return opts
}

// shippedHCL lists the shipped .hcl files of directory dir.
func shippedHCL(files map[string]string, dir string) ([]string, bool) {
	dir = filepath.Clean(dir)
	var names []string
	for name := range files {
		if filepath.Dir(name) == dir && strings.HasSuffix(name, ".hcl") {
			names = append(names, name)
		}
	}
	return names, len(names) > 0
}

// driver drives the scheduling core of one run from the workflow, as
// executor.Run drives it with goroutines: every step (condition, expansion,
// attempt) runs in a coroutine of its own, whose end comes back to the main
// loop through a workflow channel; the main loop tells the core (Complete,
// Wake, Stop) and starts what it says may start. A back-off is a workflow
// timer. The core decides everything else, and reads no clock but the
// workflow's, so a replay takes the same steps.
type driver struct {
	ctx  workflow.Context // the workflow's: done when the run is cancelled
	actx workflow.Context // disconnected from the run's cancellation: coroutines, activities, timers
	name string           // the pipeline's
	cfg  *dhcl.Pipeline   // nil for a pipeline built in Go
	in   Input
	s    *executor.Sched
	log  eventLog

	ended     workflow.Channel            // *stepEnd, from the coroutines
	cancels   map[int]workflow.CancelFunc // running activities and back-off timers, by sequence
	seq       int
	first     map[int32]time.Time // when a node's first attempt started
	polls     map[string]int      // a sensor's polls after the first of its attempt, by id
	deadline  time.Time           // when the run's timeout expires (zero: no timeout)
	stoppedAt time.Time           // when the run stopped, in workflow time (zero: it has not)
	stopped   bool                // the core's stop has been carried out
	cancelled bool                // the workflow was cancelled
	// localVersion is 1 + the version of localActivitiesChange, once asked
	// (0: not yet).
	localVersion workflow.Version
	inFlight     int // attempts running (activities or local activities)
	// taskAt is the history's length when the current workflow task
	// started (its first local attempt), taskStart the workflow time then.
	taskAt    int
	taskStart time.Time
	// taskBytes is the size of the local results the current workflow
	// task took (outputs and logs); bytesVersion is 1 + the version of
	// localBytesChange, once asked (0: not yet).
	taskBytes    int
	bytesVersion workflow.Version

	// A part of a run ends, and the run continues as new, once its
	// history is long (continueAt events): no new step starts (draining),
	// and once every step and back-off timer has ended (steps, timers) the
	// core's state is carried over (continuation).
	draining        bool
	steps           int
	timers          int
	continueAt      int
	continueVersion workflow.Version // 1 + the version of continueChange, once asked (0: not yet)
	// started is when the run started (its first part); carried the node
	// states the earlier parts carried (nil in the first part).
	started time.Time
	carried map[string]PipeResult
}

// stepEnd is what a coroutine reports to the main loop: a step's outcome, or
// the end of a node's back-off.
type stepEnd struct {
	step executor.Step
	out  executor.Outcome
	wake bool // a back-off ended: wake step.Index
	at   time.Time
}

func newDriver(ctx workflow.Context, cfg *dhcl.Pipeline, in Input) (*driver, error) {
	d := newDriverOf(ctx, cfg.Name, in)
	d.cfg = cfg
	nodes, err := bind.NodesIn(cfg, d.runPipe, in.Run)
	if err != nil {
		return nil, err
	}
	if nodes, err = executor.Select(nodes, cfg.ExpandTargets(in.Targets)); err != nil {
		return nil, err
	}
	return d, d.schedule(ctx, nodes, cfg.Pools)
}

// newDriverOf is a driver of pipeline name with no nodes yet (schedule).
func newDriverOf(ctx workflow.Context, name string, in Input) *driver {
	actx, _ := workflow.NewDisconnectedContext(ctx)
	d := &driver{
		ctx: ctx, actx: actx, name: name, in: in,
		ended:   workflow.NewNamedChannel(actx, "dagrun.steps"),
		cancels: map[int]workflow.CancelFunc{},
		first:   map[int32]time.Time{},
		polls:   map[string]int{},
		log:     newEventLog(in.Reused),
	}
	d.log.runID = workflow.GetInfo(ctx).WorkflowExecution.RunID
	d.log.firstRunID = d.log.runID
	if c := in.Continued; c != nil {
		d.log.firstRunID, d.log.base, d.log.parts, d.started = c.FirstRunID, c.Events, c.Parts, c.Started
	}
	return d
}

// schedule makes the run's scheduling core over nodes, with pools.
func (d *driver) schedule(ctx workflow.Context, nodes []executor.Node, pools map[string]int) error {
	in := d.in
	g, err := executor.NewGraph(nodes)
	if err != nil {
		return err
	}
	d.log.static = len(nodes)
	var cont *executor.Continuation
	if in.Continued != nil {
		if cont, err = d.continued(in.Continued); err != nil {
			return err
		}
	}
	// Jitter is the core's: from a source seeded with the run's id (its
	// first part's), so that a replay waits the same.
	h := fnv.New64a()
	_, _ = h.Write([]byte(d.log.firstRunID))
	rnd := rand.New(rand.NewPCG(h.Sum64(), 0x9e3779b97f4a7c15))
	var reuse func(string) (executor.Result, bool)
	if len(in.Reused) > 0 {
		reused := map[string]executor.Result{}
		for _, r := range in.Reused {
			res, err := r.executorResult()
			if err != nil {
				return fmt.Errorf("a result to reuse: %w", err)
			}
			reused[r.ID] = res
		}
		reuse = func(id string) (executor.Result, bool) {
			r, ok := reused[id]
			return r, ok
		}
	}
	d.s, err = executor.NewSched(g, executor.Options{
		Reuse:       reuse,
		Parallelism: in.Parallelism,
		Pools:       pools,
		FailFast:    in.FailFast,
		Deadline:    in.Deadline,
		Observer:    &d.log,
		Rand:        rnd.Float64,
		Continue:    cont,
	})
	return err
}

func (d *driver) now() time.Time { return workflow.Now(d.ctx) }

// errRunCancelled is the cause of the stop when the workflow is cancelled.
var errRunCancelled = errors.New("the run's workflow was cancelled")

func (d *driver) run() (*Output, error) {
	d.s.Begin(d.now())
	if d.started.IsZero() {
		d.started = d.now()
	}
	if d.in.Timeout > 0 {
		d.deadline = d.started.Add(d.in.Timeout)
		if !d.now().Before(d.deadline) {
			// It passed while the run continued as new.
			d.stop(executor.ReasonRunTimeout, executor.ErrRunTimeout, d.deadline)
			d.afterStep()
		}
	}
	d.dispatch()
	var timeout workflow.Future
	if left := d.deadline.Sub(d.now()); d.in.Timeout > 0 && !d.s.Done() && left > 0 {
		tctx, cancelTimer := workflow.WithCancel(d.actx)
		defer cancelTimer()
		timeout = workflow.NewTimerWithOptions(tctx, left, workflow.TimerOptions{Summary: "run timeout"})
	}
	deadlines := d.deadlineTimers()
	for !d.s.Done() {
		if d.draining && d.steps == 0 && d.timers == 0 {
			if next, ok := d.continuation(); ok {
				return nil, workflow.NewContinueAsNewError(d.ctx, workflow.GetInfo(d.ctx).WorkflowType.Name, next)
			}
			// The core cannot be carried over now (a sensor between two
			// polls, the handlers' turn): the part goes on a while.
			d.draining = false
			d.continueAt = workflow.GetInfo(d.ctx).GetCurrentHistoryLength() + continueRetry
			d.dispatch()
			continue
		}
		sel := workflow.NewSelector(d.actx)
		for k, f := range deadlines {
			if f == nil {
				continue
			}
			sel.AddFuture(f, func(workflow.Future) {
				deadlines[k] = nil
				d.s.DeadlinePassed(d.now())
			})
		}
		if !d.cancelled {
			sel.AddReceive(d.ctx.Done(), func(c workflow.ReceiveChannel, _ bool) {
				c.Receive(d.actx, nil)
				d.noticeStop()
			})
		}
		if timeout != nil {
			sel.AddFuture(timeout, func(workflow.Future) {
				timeout = nil
				d.stop(executor.ReasonRunTimeout, executor.ErrRunTimeout, d.deadline)
			})
		}
		sel.AddReceive(d.ended, func(c workflow.ReceiveChannel, _ bool) {
			var e *stepEnd
			c.Receive(d.actx, &e)
			d.noticeStop()
			if e.wake {
				d.timers--
				d.s.Wake(e.step.Index, e.at)
				return
			}
			d.steps--
			if delay, wait := d.s.Complete(&e.step, e.out, e.at); wait {
				d.backOff(e.step, delay, e.out.Kind == executor.OutcomePoll)
			}
		})
		sel.Select(d.actx)
		d.afterStep()
		d.checkLength()
		if !d.draining {
			d.dispatch()
		}
	}
	return d.output(d.s.Report(d.now())), nil
}

// noticeStop stops the run once the workflow is cancelled or the run's
// timeout has expired, before the core hears of a step that ended meanwhile
// (as executor.Run does). The run's timeout has a timer, but Temporal fires
// a timer up to a second late (a 10ms one after a second): the deadline is
// checked too whenever the workflow wakes.
func (d *driver) noticeStop() {
	switch {
	case !d.cancelled && d.ctx.Err() != nil:
		d.cancelled = true
		d.stop(executor.ReasonRunCancelled, errRunCancelled, d.now())
	case !d.deadline.IsZero() && !d.now().Before(d.deadline):
		d.stop(executor.ReasonRunTimeout, executor.ErrRunTimeout, d.deadline)
	}
}

// stop stops the run for reason, which happened at (the deadline, for the
// run's timeout).
func (d *driver) stop(reason string, cause error, at time.Time) {
	if stopping, _ := d.s.Stopping(); !stopping {
		d.stoppedAt = at
	}
	d.s.Stop(reason, cause, d.now())
}

// stoppedBefore reports whether the run stopped before t, when the workflow
// learnt that an attempt ended: in an earlier workflow task, or at the run's
// deadline. What the workflow learns in the task that stops it (with a
// failure under fail_fast, or a cancellation request) ended no later than
// the stop, and keeps its result.
func (d *driver) stoppedBefore(t time.Time) bool {
	stopping, _ := d.s.Stopping()
	return stopping && !d.stoppedAt.IsZero() && d.stoppedAt.Before(t)
}

// afterStep carries out a stop of the core: running attempts and back-off
// timers are cancelled, in the order they started.
func (d *driver) afterStep() {
	if stopping, _ := d.s.Stopping(); !stopping || d.stopped {
		return
	}
	d.stopped = true
	if d.stoppedAt.IsZero() {
		d.stoppedAt = d.now() // the core stopped itself: fail_fast
	}
	for _, k := range slices.Sorted(maps.Keys(d.cancels)) {
		d.cancels[k]()
	}
}

// track keeps cancel for a stop; the returned function forgets it.
func (d *driver) track(cancel workflow.CancelFunc) (forget func()) {
	if d.stopped {
		cancel()
	}
	k := d.seq
	d.seq++
	d.cancels[k] = cancel
	return func() { delete(d.cancels, k) }
}

// dispatch starts a coroutine for every step the core says may start.
func (d *driver) dispatch() {
	for {
		var step executor.Step
		if !d.s.Next(&step) {
			return
		}
		d.steps++
		workflow.Go(d.actx, func(ctx workflow.Context) {
			out := d.execute(ctx, &step)
			d.ended.Send(ctx, &stepEnd{step: step, out: out, at: workflow.Now(ctx)})
		})
	}
}

// backOff wakes the node of step in the core after delay (a workflow timer),
// unless the run stops first: a retry's back-off, or a sensor's wait for its
// next poll (poll).
func (d *driver) backOff(step executor.Step, delay time.Duration, poll bool) {
	summary := "retry " + step.ID()
	if poll {
		summary = "poll " + step.ID() // a sensor's next poll
	}
	tctx, cancel := workflow.WithCancel(d.actx)
	forget := d.track(cancel)
	d.timers++
	workflow.Go(tctx, func(ctx workflow.Context) {
		err := workflow.NewTimerWithOptions(ctx, delay, workflow.TimerOptions{Summary: summary}).Get(ctx, nil)
		forget()
		if err != nil {
			d.timers--
			return // cancelled: the core cancelled the node when the run stopped
		}
		d.ended.Send(ctx, &stepEnd{step: step, wake: true, at: workflow.Now(ctx)})
	})
}

// attemptState is what the runner of one attempt shares with its step's
// coroutine: the coroutine's context (an activity's future is waited for in
// it), the step, and how the attempt ended when it did not end on its own.
type attemptState struct {
	ctx      workflow.Context
	step     *executor.Step
	first    time.Time // when the node's first attempt started
	poll     int       // PipeTask.Poll
	timedOut bool      // the attempt ran out of its time (Node.Timeout)
	lost     bool      // its worker stopped heartbeating
	log      string    // what the attempt wrote (failureDetails.Log)
	handler  bool      // a handler's: the run's stop does not cancel it
}

type attemptKey struct{}

// execute runs a step in its coroutine, as executor.Run's execute does:
// what comes before its attempt (Step.Prepare), then one attempt of its task,
// an activity.
func (d *driver) execute(ctx workflow.Context, step *executor.Step) executor.Outcome {
	handler := step.Handler()
	if stopping, _ := d.s.Stopping(); stopping && !handler {
		return executor.Outcome{Kind: executor.OutcomeCancelled}
	}
	// Conditions and expansions are evaluated in the workflow: they read
	// only the shipped pipeline and the results the core recorded (those
	// of a pipeline built in Go run as activities, in the step's
	// coroutine).
	pctx := context.WithValue(context.Background(), attemptKey{}, &attemptState{ctx: ctx, step: step, handler: handler})
	if out, done := step.Prepare(pctx); done {
		return out
	}
	task, in := step.Task(), step.Input()
	start := workflow.Now(ctx)
	polling := step.Polling()
	if in.Attempt = d.s.AttemptStarted(step, start); in.Attempt == 1 && !polling {
		d.first[step.Index] = start
	}
	if polling {
		if _, ok := d.polls[step.ID()]; !ok {
			d.polls[step.ID()] = d.carried[step.ID()].Polls // an attempt an earlier part of the run polled
		}
		d.polls[step.ID()]++
	} else {
		delete(d.polls, step.ID())
	}
	first := d.first[step.Index]
	if r, ok := d.carried[step.ID()]; ok && first.IsZero() {
		first = r.Started // a node whose first attempt ran in an earlier part of the run
	}
	a := &attemptState{ctx: ctx, step: step, first: first, poll: d.polls[step.ID()], handler: handler}
	actx := context.WithValue(context.Background(), attemptKey{}, a)
	out, err := recovered(func() (cty.Value, error) { return task(actx, in) })
	end := workflow.Now(ctx)
	if a.lost {
		return d.s.AttemptLost(step, start, end, nil) // the core says so
	}
	d.noticeStop()
	stopping, cause := d.s.Stopping()
	if handler {
		// A handler runs to its end whatever the run's stop (its own
		// timeout bounds it).
		return d.s.AttemptFinished(step, start, end, out, err, a.timedOut, false)
	}
	if err == nil && d.stoppedBefore(end) {
		// The run stopped while the attempt ran: the local engine cancels
		// the attempt's context then, and a pipe ends at once. Here the
		// cancellation reaches the worker at the activity's next heartbeat,
		// and the pipe may well have ended meanwhile; its result came after
		// the stop, so the attempt is cancelled as it would be locally.
		out, err = cty.NilVal, fmt.Errorf("its result came after the run stopped: %w", context.Canceled)
		if cause != nil {
			err = fmt.Errorf("%w (%w)", err, cause)
		}
	}
	return d.s.AttemptFinished(step, start, end, out, err, a.timedOut, stopping)
}

// recovered calls f, turning a panic into an error (executor.ErrPanic): a
// panic in workflow code would fail the workflow task again and again.
func recovered[T any](f func() (T, error)) (v T, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", executor.ErrPanic, p)
		}
	}()
	return f()
}

// runPipe is the binding's Runner in the workflow: one attempt of a pipe is
// one activity, tried once (the core decides retries).
func (d *driver) runPipe(ctx context.Context, c bind.Call) (cty.Value, error) {
	a, _ := ctx.Value(attemptKey{}).(*attemptState)
	if a == nil {
		return cty.NilVal, pipes.Permanent(errors.New("an attempt outside the run's workflow"))
	}
	vals, err := encodeArgs(c.Type, c.Args)
	if err != nil {
		return cty.NilVal, pipes.Permanent(err)
	}
	nd := a.step.Node()
	task := PipeTask{
		Pipeline: d.name, RunID: c.RunID, Task: c.Task, Series: c.Pipe, Key: c.Key, Type: c.Type.Name, Args: vals, Dir: c.Dir,
		Attempt: c.Attempt, Retry: nd.Retry, Timeout: nd.Timeout, Ready: a.step.Ready(), FirstStarted: a.first, Poll: a.poll,
	}
	opts := workflow.ActivityOptions{
		TaskQueue:           d.in.TaskQueue,
		ActivityID:          ActivityID(c.Task, c.Attempt),
		StartToCloseTimeout: noTimeout,
		HeartbeatTimeout:    d.in.HeartbeatTimeout,
		WaitForCancellation: true,
		RetryPolicy:         &sdktemporal.RetryPolicy{MaximumAttempts: 1},
		Summary:             c.Task,
	}
	if nd.Timeout > 0 {
		opts.StartToCloseTimeout = nd.Timeout + timeoutGrace
	}
	if opts.HeartbeatTimeout <= 0 {
		opts.HeartbeatTimeout = DefaultHeartbeatTimeout
	}
	if c.Attempt > 1 {
		opts.Summary = fmt.Sprintf("%s (attempt %d)", c.Task, c.Attempt)
	}
	if a.poll > 0 {
		opts.ActivityID = PollActivityID(c.Task, c.Attempt, a.poll)
		opts.Summary = fmt.Sprintf("%s (attempt %d, poll %d)", c.Task, c.Attempt, a.poll+1)
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
	var out PipeOutput
	local := d.runsLocally(a, c)
	d.inFlight++
	defer func() { d.inFlight-- }()
	if local {
		lopts := workflow.LocalActivityOptions{
			StartToCloseTimeout: opts.StartToCloseTimeout,
			RetryPolicy:         opts.RetryPolicy,
			Summary:             opts.Summary,
		}
		err = workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(cctx, lopts), ActivityName, task).Get(a.ctx, &out)
		d.taskBytes += len(out.Log) + 1024 // the result's marker: its log, its output below, and what else it holds
		if out.Output != nil {
			d.taskBytes += len(out.Output.Value) + len(out.Output.Type)
		}
	} else {
		err = workflow.ExecuteActivity(workflow.WithActivityOptions(cctx, opts), ActivityName, task).Get(a.ctx, &out)
	}
	if err != nil {
		v, err := failure(a, err)
		if local {
			d.taskBytes += len(a.log) // in the failure's details
		}
		d.log.addLog(c.Task, a.log)
		return v, err
	}
	d.log.addLog(c.Task, out.Log)
	v, err := out.Output.decode()
	if err != nil {
		return cty.NilVal, pipes.Permanent(fmt.Errorf("output: %w", err))
	}
	return v, nil
}

// MaxLocalTimeout is the longest `timeout` of a pipe whose attempts run as
// local activities, in the workflow task of the worker that schedules them:
// an attempt of such a pipe cannot hold that task for long, and a chain of
// them proceeds without a round trip through the server per pipe.
const MaxLocalTimeout = 30 * time.Second

// maxLocalInFlight bounds the attempts of a run in flight when one more
// starts as a local activity; beyond it, attempts are regular activities.
// The workflow takes each local activity's result on its own, waking every
// step in flight, where it takes the results of regular activities that
// ended together at once: a local attempt costs the workflow (and each
// replay of it) in proportion to the attempts in flight. A chain or a narrow
// graph runs locally; the wide part of a graph does not.
const maxLocalInFlight = 10

// localStretch bounds the workflow time one workflow task spends on local
// attempts: the workflow answers queries (the live view's events) and hears
// of its cancellation only between its tasks, and a run of local attempts
// keeps one task going. Once a task has run local attempts for this long,
// the next attempt is a regular activity, which ends the task.
const localStretch = 2 * time.Second

// localTaskBytes bounds the results (outputs and logs) of the local attempts
// one workflow task takes: the task's completion carries them all, as
// markers, in one request, which Temporal refuses past 4 MB (the task then
// fails again and again). Once a task has taken this much, the next attempt
// is a regular activity, which ends the task.
const localTaskBytes = 1 << 20

// localBytesChange names the change that bounds localTaskBytes; runs
// recorded before it replay without the bound.
const localBytesChange = "dagrun.local-task-bytes"

// localActivitiesChange names the change that runs short pipes as local
// activities; runs recorded before it keep regular activities on replay.
const localActivitiesChange = "dagrun.local-activities"

// runsLocally reports whether the attempt of call c runs as a local activity:
// a pipe with a timeout of at most MaxLocalTimeout that is no sensor, while
// fewer than maxLocalInFlight attempts of the run are in flight and the
// workflow task has run local attempts for less than localStretch, in a run
// started since local activities were introduced.
func (d *driver) runsLocally(a *attemptState, c bind.Call) bool {
	nd := a.step.Node()
	if nd.Timeout <= 0 || nd.Timeout > MaxLocalTimeout || c.Type.Name == "wait" || a.poll > 0 || a.step.Polling() ||
		d.inFlight >= maxLocalInFlight {
		return false
	}
	if d.localVersion == 0 {
		// Asked once, when the first short pipe starts: a run without
		// one records nothing.
		d.localVersion = 1 + workflow.GetVersion(a.ctx, localActivitiesChange, workflow.DefaultVersion, 1)
	}
	if d.localVersion != 2 {
		return false
	}
	// A new task starts where the history stands at its start (the same
	// on replay), at its start time.
	now := workflow.Now(a.ctx)
	if n := workflow.GetInfo(a.ctx).GetCurrentHistoryLength(); n != d.taskAt || d.taskStart.IsZero() {
		d.taskAt, d.taskStart, d.taskBytes = n, now, 0
	}
	if d.taskBytes >= localTaskBytes {
		if d.bytesVersion == 0 {
			// Asked when the bound first applies: a run that never
			// reaches it records nothing.
			d.bytesVersion = 1 + workflow.GetVersion(a.ctx, localBytesChange, workflow.DefaultVersion, 1)
		}
		if d.bytesVersion == 2 {
			return false
		}
	}
	return now.Sub(d.taskStart) < localStretch
}

// failure reads a failed activity: the attempt's output and error as the
// local engine has them. A timeout of the pipe's own is marked on a (the core
// words its error); a lost worker too.
func failure(a *attemptState, err error) (cty.Value, error) {
	var appErr *sdktemporal.ApplicationError
	var toErr *sdktemporal.TimeoutError
	var canErr *sdktemporal.CanceledError
	var det failureDetails
	switch {
	case errors.As(err, &appErr):
		msg := appErr.Message()
		if appErr.HasDetails() && appErr.Details(&det) == nil {
			a.log = det.Log
			if det.Message != "" {
				msg = det.Message
			}
			a.timedOut = det.Result == executor.AttemptTimeout
		}
		out, _ := det.Output.decode()
		allow := func(err error) error {
			if det.Allowed {
				return pipes.AllowFailure(err)
			}
			return err
		}
		switch appErr.Type() {
		case errTypePermanent:
			return out, allow(pipes.Permanent(errors.New(msg)))
		case errTypeSkipped:
			return out, pipes.Skip(msg)
		case errTypeNotYet:
			if det.NotYet != nil {
				return out, det.NotYet
			}
		}
		return out, allow(errors.New(msg))
	case errors.As(err, &toErr):
		if toErr.TimeoutType() == enumspb.TIMEOUT_TYPE_HEARTBEAT {
			a.lost = true
			return cty.NilVal, err
		}
		a.timedOut = true
		return cty.NilVal, errors.New("its worker did not end it")
	case errors.As(err, &canErr):
		msg := "context canceled"
		if canErr.HasDetails() && canErr.Details(&det) == nil {
			a.log = det.Log
			if det.Message != "" {
				msg = det.Message
			}
		}
		out, _ := det.Output.decode()
		return out, errors.New(msg)
	}
	return cty.NilVal, err
}

// output is the workflow's result: how the run ended, and the order of its
// results, which the pipe_finished events carry. A result its event does
// not say exactly (none, as the log keeps them) goes with the output whole.
func (d *driver) output(rep *executor.Report) *Output {
	out := &Output{Status: rep.Status, Started: rep.Started, Duration: rep.Duration, TimedOut: rep.TimedOut,
		HandlersFailed: rep.HandlersFailed, DeadlinesMissed: rep.DeadlinesMissed,
		Order: make([]int, 0, len(rep.Results))}
	for i := range rep.Results {
		r := &rep.Results[i]
		if m := d.log.known[r.ID]; m != nil && m.ended {
			out.Order = append(out.Order, m.index) // its pipe_finished is an earlier part's
			continue
		}
		want := resultOnWire(r)
		want.Output, _ = encodeValue(r.Output)
		if k, ok := d.log.ended[r.ID]; ok {
			e := &d.log.events[k]
			want.Gate, want.Group, want.FanOut = e.Gate, e.Group, e.FanOut
			if sameResult(e.wireResult(), want) {
				out.Order = append(out.Order, e.Index)
				continue
			}
		}
		out.Amended = append(out.Amended, want)
		out.Order = append(out.Order, -len(out.Amended))
	}
	out.Events = d.log.base + len(d.log.events)
	return out
}

// sameResult reports whether a and b say the same result.
func sameResult(a, b PipeResult) bool {
	sameText := func(x, y *string) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	sameValue := func(x, y *Value) bool {
		return (x == nil) == (y == nil) && (x == nil || string(x.Type) == string(y.Type) && string(x.Value) == string(y.Value))
	}
	return a.ID == b.ID && a.Pipe == b.Pipe && a.Key == b.Key && a.Status == b.Status && a.Reason == b.Reason &&
		a.Attempts == b.Attempts && sameText(a.Err, b.Err) && sameValue(a.Output, b.Output) &&
		a.Started.Equal(b.Started) && a.Finished.Equal(b.Finished) && a.Duration == b.Duration &&
		a.Gate == b.Gate && a.FanOut == b.FanOut && a.Group == b.Group &&
		a.Allowed == b.Allowed && a.Handler == b.Handler && a.Reused == b.Reused
}

// eventLog is the core's Observer in the workflow: the run's events on the
// wire, for EventsQuery. Each node's pipe_finished says its whole result,
// times included, which the core's event does not carry: the log keeps
// when each node's first attempt started, and the times of the results a
// resumed run reuses.
type eventLog struct {
	// events are this part's of the run (all of them, but in a run that
	// continued as new): the first has index base.
	events []Event
	base   int
	// runID is this part's workflow run id, firstRunID the run's first
	// part's, parts the earlier parts.
	runID, firstRunID string
	parts             []Part
	// static is how many nodes the graph has: a larger index is a fan-out
	// instance's, which is shifted in a part after the first so that it
	// is none an earlier part gave (see known).
	static, shift int
	// known is what the earlier parts' events said of each node they
	// named: its index is kept, and its pipe_ready and pipe_finished are
	// not sent again (the core restores what ended, and makes fan-outs and
	// composites again).
	known map[string]*nodeMark
	// logs are what the running attempts wrote, by task, until their
	// attempt_finished carries it.
	logs map[string]string
	// started is when each running node's first attempt started.
	started map[string]time.Time
	// reused are the results the run was given to reuse, by id.
	reused map[string]*PipeResult
	// ended is where each node's pipe_finished is in events, by id.
	ended map[string]int
}

func newEventLog(reused []PipeResult) eventLog {
	l := eventLog{started: map[string]time.Time{}, ended: map[string]int{}}
	if len(reused) > 0 {
		l.reused = make(map[string]*PipeResult, len(reused))
		for i := range reused {
			l.reused[reused[i].ID] = &reused[i]
		}
	}
	return l
}

// addLog keeps what an attempt of task wrote for its attempt_finished.
func (l *eventLog) addLog(task, text string) {
	if text == "" {
		return
	}
	if l.logs == nil {
		l.logs = map[string]string{}
	}
	l.logs[task] += text
}

// nodeMark is what the events of a run's earlier parts said of a node.
type nodeMark struct {
	index        int
	ended, ready bool
}

// Event records e.
func (l *eventLog) Event(e executor.Event) {
	if l.known != nil && e.Node != "" {
		if m := l.known[e.Node]; m != nil {
			switch e.Type {
			case executor.EventPipeReady:
				if m.ended || m.ready {
					return
				}
			case executor.EventPipeFinished:
				if m.ended {
					return
				}
				m.ready = false
			}
			e.Index = m.index
		} else if e.Index >= l.static {
			e.Index += l.shift
		}
	}
	w := Event{Type: e.Type, Time: e.Time, Node: e.Node, Index: e.Index, Pipe: e.Pipe, Key: e.Key,
		Attempt: e.Attempt, MaxAttempts: e.MaxAttempts, AttemptResult: e.AttemptResult,
		Wait: e.Wait, Delay: e.Delay, Duration: e.Duration, Status: e.Status, Reason: e.Reason,
		Err: errString(e.Err), Reused: e.Reused, Allowed: e.Allowed, Members: e.Members, Gate: e.Gate, FanOut: e.FanOut, Group: e.Group,
		Handler: e.Handler}
	switch e.Type {
	case executor.EventAttemptStarted:
		if _, ok := l.started[e.Node]; !ok && l.started != nil {
			l.started[e.Node] = e.Time
		}
	case executor.EventAttemptFinished:
		w.Log = l.logs[e.Node]
		delete(l.logs, e.Node)
	case executor.EventPipeFinished:
		w.Output, _ = encodeValue(e.Output)
		w.Finished = e.Time
		// The node's start, as the core has it (Result.Started): a reused
		// result's own; a group's, its earliest member's; else its first
		// attempt's.
		if r := l.reused[e.Node]; e.Reused && r != nil && !r.Finished.IsZero() {
			w.Started, w.Finished = r.Started, r.Finished
		} else if r != nil && e.Reused {
			w.Started = r.Started
		} else if e.Group {
			if e.Members != nil {
				w.Started = e.Members.Started
			}
		} else {
			w.Started = l.started[e.Node]
		}
		if l.ended != nil {
			delete(l.started, e.Node)
			l.ended[e.Node] = len(l.events)
		}
	}
	l.events = append(l.events, w)
}

// Limits of one page of events: a query result is one gRPC message (4 MB
// at most). An event without output or log is some 300 bytes on the wire;
// each counts that much beside its output and log. A client that follows a
// large run that ended reads it in few pages: each query of a workflow that
// ended replays its history on a worker.
const (
	pageEvents = 5000
	pageBytes  = 2 << 20 // events, outputs and logs, roughly
	eventBytes = 300
)

// page answers EventsQuery: the events from index from on, as many as fit
// in a page (at least one).
func (l *eventLog) page(from int) (EventPage, error) {
	p := EventPage{First: l.base, Parts: l.parts, RunID: l.runID, FirstRunID: l.firstRunID}
	if from < l.base {
		return p, nil // an earlier part's (Parts)
	}
	if from -= l.base; from > len(l.events) {
		from = len(l.events)
	}
	end, size := from, 0
	for end < len(l.events) && end-from < pageEvents {
		if o := l.events[end].Output; o != nil {
			size += len(o.Value) + len(o.Type)
		}
		size += len(l.events[end].Log) + eventBytes
		if size > pageBytes && end > from {
			break
		}
		end++
	}
	p.Events, p.More = l.events[from:end], end < len(l.events)
	return p, nil
}

// deadlineTimers starts a workflow timer for each deadline of the run
// (executor.Sched.Deadlines); the main loop tells the core when one fires.
// A timer Temporal fires late makes the miss late too, never missing.
func (d *driver) deadlineTimers() []workflow.Future {
	var out []workflow.Future
	since := d.now().Sub(d.started) // 0 but in a part after the first
	for _, after := range d.s.Deadlines() {
		out = append(out, workflow.NewTimerWithOptions(d.actx, max(after-since, time.Millisecond), workflow.TimerOptions{Summary: "deadline " + after.String()}))
	}
	return out
}
