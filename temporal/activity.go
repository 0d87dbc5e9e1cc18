package temporal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"runtime/debug"
	"sync"
	"time"

	"github.com/zclconf/go-cty/cty"
	"go.temporal.io/sdk/activity"
	sdktemporal "go.temporal.io/sdk/temporal"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/pipes"
)

// activities runs pipes on a worker.
type activities struct {
	types   *pipes.Registry
	metrics *workerMetrics // nil: none
	pipeLog func(task string) io.Writer
	log     *slog.Logger
	// send delivers an attempt event to the run's workflow; nil: a signal
	// through the worker's client.
	send func(ctx context.Context, info activity.Info, ev attemptEvent) error
}

// heartbeat is what a pipe's attempts record with Temporal: the next attempt
// (perhaps on another worker) reads when the first one started.
type heartbeat struct {
	FirstStarted time.Time
}

// runPipe is the pipe activity: one attempt of one pipe. Temporal calls it
// again for each retry, with the pipe's retry policy.
func (a *activities) runPipe(ctx context.Context, t PipeTask) (*PipeOutput, error) {
	info := activity.GetInfo(ctx)
	attempt := int(info.Attempt)
	start := time.Now()
	hb := heartbeat{FirstStarted: start}
	if attempt > 1 && activity.HasHeartbeatDetails(ctx) {
		var prev heartbeat
		if activity.GetHeartbeatDetails(ctx, &prev) == nil && !prev.FirstStarted.IsZero() {
			hb.FirstStarted = prev.FirstStarted
		}
	}
	activity.RecordHeartbeat(ctx, hb)
	wait := max(start.Sub(info.ScheduledTime), 0)
	if attempt == 1 && !t.Ready.IsZero() {
		wait = max(start.Sub(t.Ready), 0)
	}
	a.signal(ctx, info, attemptEvent{Task: t.Task, Attempt: attempt, Time: start, Wait: wait})
	a.observe(t, executor.Event{Type: executor.EventAttemptStarted, Time: start, Attempt: attempt,
		MaxAttempts: t.Retry.Attempts(), Wait: wait})
	a.log.Info("attempt started", "pipeline", t.Pipeline, "pipe", t.Task, "attempt", attempt, "max_attempts", t.Retry.Attempts())

	out, err := a.attempt(ctx, t, attempt, hb, info.HeartbeatTimeout)

	end := time.Now()
	result := executor.AttemptOK
	switch {
	case err != nil && ctx.Err() == context.DeadlineExceeded && t.Timeout > 0:
		result = executor.AttemptTimeout
		err = fmt.Errorf("attempt %d timed out after %s: %w", attempt, t.Timeout, err)
	case err != nil:
		result = executor.AttemptError
	}
	stopped := err != nil && workerStopping(ctx)
	cancelled := err != nil && !stopped && errors.Is(ctx.Err(), context.Canceled)
	if stopped {
		// Not the run's cancellation: this worker is going away. The attempt
		// failed; Temporal retries it on another worker.
		result = executor.AttemptError
		err = fmt.Errorf("attempt %d interrupted: its worker stopped: %w", attempt, err)
	}
	permanent := pipes.IsPermanent(err)
	retry := err != nil && !cancelled && !permanent && attempt < t.Retry.Attempts()
	var delay time.Duration
	if retry {
		rnd := 0.5
		if t.Retry.Jitter > 0 {
			rnd = rand.Float64()
		}
		delay = t.Retry.DelayBefore(attempt, rnd)
	}
	ev := attemptEvent{Task: t.Task, Attempt: attempt, Finished: true, Time: end, Duration: end.Sub(start),
		Result: result, Retry: retry, RetryIn: delay}
	if err != nil {
		ev.Err = err.Error()
	}
	a.signal(ctx, info, ev)
	a.observe(t, executor.Event{Type: executor.EventAttemptFinished, Time: end, Attempt: attempt,
		MaxAttempts: t.Retry.Attempts(), AttemptResult: result, Duration: end.Sub(start), Err: err})
	if retry {
		a.observe(t, executor.Event{Type: executor.EventRetrying, Time: end, Attempt: attempt + 1,
			MaxAttempts: t.Retry.Attempts(), Delay: delay, Err: err})
	} else {
		status := executor.StatusSucceeded
		switch {
		case cancelled:
			status = executor.StatusCancelled
		case err != nil:
			status = executor.StatusFailed
		}
		a.observe(t, executor.Event{Type: executor.EventPipeFinished, Time: end, Attempt: attempt,
			MaxAttempts: t.Retry.Attempts(), Status: status, Duration: end.Sub(hb.FirstStarted), Err: err})
	}
	a.log.Info("attempt finished", "pipeline", t.Pipeline, "pipe", t.Task, "attempt", attempt,
		"result", result.String(), "duration", end.Sub(start), "error", errText(err))

	enc, encErr := encodeValue(out)
	switch {
	case err == nil && encErr != nil:
		return nil, sdktemporal.NewNonRetryableApplicationError(fmt.Sprintf("output of %s: %v", t.Task, encErr), errTypePermanent, nil,
			failureDetails{Attempt: attempt, Result: executor.AttemptError})
	case err == nil:
		return &PipeOutput{Attempt: attempt, Output: enc}, nil
	case cancelled:
		return nil, sdktemporal.NewCanceledError(failureDetails{Attempt: attempt, Output: enc, Result: result, Message: err.Error()})
	}
	errType := errTypePipe
	if permanent {
		errType = errTypePermanent
	}
	opts := sdktemporal.ApplicationErrorOptions{
		NonRetryable: permanent,
		Details:      []any{failureDetails{Attempt: attempt, Output: enc, Result: result}},
	}
	if retry {
		// The delay the local engine would wait: Temporal has no jitter, and
		// its own intervals have a one-second granularity. The retry policy
		// still decides after a timeout or a lost worker.
		opts.NextRetryDelay = max(delay, time.Millisecond)
	}
	return nil, sdktemporal.NewApplicationErrorWithOptions(err.Error(), errType, opts)
}

// attempt decodes the arguments and runs the pipe, heartbeating meanwhile so
// that Temporal notices a lost worker and delivers cancellation.
func (a *activities) attempt(ctx context.Context, t PipeTask, attempt int, hb heartbeat, hbTimeout time.Duration) (cty.Value, error) {
	typ, ok := a.types.Lookup(t.Type)
	if !ok {
		return cty.NilVal, pipes.Permanent(fmt.Errorf("pipe type %q is not registered on this worker", t.Type))
	}
	args, err := decodeArgs(typ, t.Args)
	if err != nil {
		return cty.NilVal, pipes.Permanent(err)
	}
	every := hbTimeout / 4
	if every <= 0 {
		every = DefaultHeartbeatTimeout / 4
	}
	// The pipe runs with runCtx: cancelled with the activity (the run was
	// cancelled, the attempt timed out or was lost) or when the worker stops,
	// so that the attempt ends, and says so, while the worker can still tell.
	runCtx, cancelRun := context.WithCancel(ctx)
	defer cancelRun()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		stopping := activity.GetWorkerStopChannel(ctx)
		for {
			select {
			case <-done:
				return
			case <-stopping:
				cancelRun()
				stopping = nil
			case <-tick.C:
				activity.RecordHeartbeat(ctx, hb)
			}
		}
	}()
	defer wg.Wait()
	defer close(done)
	log := io.Writer(io.Discard)
	if a.pipeLog != nil {
		if w := a.pipeLog(t.Task); w != nil {
			log = w
		}
	}
	return callRun(runCtx, typ, args, pipes.Runtime{Pipe: t.Task, Attempt: attempt, Dir: t.Dir, Log: log})
}

func callRun(ctx context.Context, typ *pipes.Type, args any, rt pipes.Runtime) (out cty.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v\n%s", executor.ErrPanic, p, debug.Stack())
		}
	}()
	return typ.Run(ctx, args, rt)
}

// signal tells the run's workflow about an attempt. It is best effort: the
// workflow makes up for a lost signal when the activity ends.
func (a *activities) signal(ctx context.Context, info activity.Info, ev attemptEvent) {
	send := a.send
	if send == nil {
		send = signalWorkflow
	}
	if err := send(ctx, info, ev); err != nil {
		a.log.Warn("cannot signal the run's workflow", "workflow_id", info.WorkflowExecution.ID, "pipe", ev.Task, "error", err)
	}
}

func (a *activities) observe(t PipeTask, e executor.Event) {
	if a.metrics == nil {
		return
	}
	e.Node, e.Pipe, e.Key = t.Task, t.Series, t.Key
	a.metrics.event(t.Pipeline, e)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func signalWorkflow(ctx context.Context, info activity.Info, ev attemptEvent) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return activity.GetClient(ctx).SignalWorkflow(sctx, info.WorkflowExecution.ID, info.WorkflowExecution.RunID, attemptSignal, ev)
}

// workerStopping reports whether the worker running the activity is stopping.
func workerStopping(ctx context.Context) bool {
	select {
	case <-activity.GetWorkerStopChannel(ctx):
		return true
	default:
		return false
	}
}
