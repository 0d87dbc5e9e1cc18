package temporal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zclconf/go-cty/cty"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.temporal.io/sdk/activity"
	sdktemporal "go.temporal.io/sdk/temporal"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/pipes"
	"github.com/dagrun/dagrun/tracing"
)

// activities runs pipes on a worker.
type activities struct {
	types   *pipes.Registry
	metrics *workerMetrics // nil: none
	pipeLog func(task string) io.Writer
	log     *slog.Logger
	tracer  trace.Tracer  // nil: no spans
	drain   time.Duration // WorkerOptions.Drain
}

// runPipe is the pipe activity: one attempt of one pipe. The workflow
// decides whether there is another (the activity is tried once).
func (a *activities) runPipe(ctx context.Context, t PipeTask) (*PipeOutput, error) {
	info := activity.GetInfo(ctx)
	attempt := t.Attempt
	if attempt <= 0 {
		attempt = int(info.Attempt)
	}
	start := time.Now()
	activity.RecordHeartbeat(ctx)
	wait := max(start.Sub(info.ScheduledTime), 0)
	if attempt == 1 && !t.Ready.IsZero() {
		wait = max(start.Sub(t.Ready), 0)
	}
	first := t.FirstStarted
	if first.IsZero() {
		first = start
	}
	if t.Poll == 0 { // a later poll of a sensor goes on with its attempt
		a.observe(t, executor.Event{Type: executor.EventAttemptStarted, Time: start, Attempt: attempt,
			MaxAttempts: t.Retry.Attempts(), Wait: wait})
		a.log.Info("attempt started", "pipeline", t.Pipeline, "pipe", t.Task, "attempt", attempt, "max_attempts", t.Retry.Attempts())
	}

	var span trace.Span
	if a.tracer != nil {
		// The attempt's span goes under its pipe's, which the client
		// opens with the id derived from the run's trace and the node.
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			ctx = trace.ContextWithRemoteSpanContext(ctx, sc.WithSpanID(tracing.PipeSpanID(sc.TraceID(), t.Task)).WithRemote(true))
		}
		ctx, span = a.tracer.Start(ctx, "attempt "+strconv.Itoa(attempt), trace.WithTimestamp(start),
			trace.WithSpanKind(trace.SpanKindConsumer),
			trace.WithAttributes(tracing.AttrPipeline.String(t.Pipeline), tracing.AttrNode.String(t.Task),
				tracing.AttrPipe.String(t.Series), tracing.AttrAttempt.Int(attempt), tracing.AttrMaxAttempts.Int(t.Retry.Attempts())))
		if t.Key != "" {
			span.SetAttributes(tracing.AttrKey.String(t.Key))
		}
	}

	capture := newAttemptLog(AttemptLogLimit)
	out, timedOut, cut, err := a.attempt(ctx, t, attempt, info.HeartbeatTimeout, capture)
	logText := capture.String()

	end := time.Now()
	if ny, ok := pipes.AsNotYet(err); ok && !timedOut && ctx.Err() == nil && !workerStopping(ctx) {
		return a.notYet(ctx, t, attempt, span, out, ny)
	}
	result := executor.AttemptOK
	stopped := err != nil && cut
	cancelled := err != nil && !stopped && !timedOut && errors.Is(ctx.Err(), context.Canceled)
	shown := err // the error as the run reports it
	skipped := false
	switch {
	case err != nil && !stopped && !cancelled && !timedOut && pipes.IsSkip(err):
		// The pipe skipped itself: the attempt did its work.
		skipped, shown = true, nil
	case stopped:
		// Not the run's cancellation: this worker is going away. The attempt
		// failed; the workflow retries it on another worker.
		result = executor.AttemptError
		err = fmt.Errorf("attempt %d interrupted: its worker stopped: %w", attempt, err)
		shown, timedOut = err, false
	case timedOut:
		result = executor.AttemptTimeout
		shown = fmt.Errorf("attempt %d timed out after %s: %w", attempt, t.Timeout, err)
	case err != nil:
		result = executor.AttemptError
	}
	permanent := pipes.IsPermanent(err)
	// The workflow decides whether the pipe is tried again; this worker's
	// metrics count a retry where the workflow's rules will see one (unless
	// the run stops meanwhile).
	retry := err != nil && !skipped && !cancelled && !permanent && attempt < t.Retry.Attempts()
	a.observe(t, executor.Event{Type: executor.EventAttemptFinished, Time: end, Attempt: attempt,
		MaxAttempts: t.Retry.Attempts(), AttemptResult: result, Duration: end.Sub(start), Err: shown})
	if retry {
		a.observe(t, executor.Event{Type: executor.EventRetrying, Time: end, Attempt: attempt + 1,
			MaxAttempts: t.Retry.Attempts(), Delay: t.Retry.DelayBefore(attempt, 0.5), Err: shown})
	} else {
		status, reason := executor.StatusSucceeded, ""
		switch {
		case skipped:
			status, reason = executor.StatusSkipped, executor.ReasonSelf
		case cancelled:
			status = executor.StatusCancelled
		case err != nil:
			status = executor.StatusFailed
		}
		a.observe(t, executor.Event{Type: executor.EventPipeFinished, Time: end, Attempt: attempt,
			MaxAttempts: t.Retry.Attempts(), Status: status, Reason: reason, Duration: end.Sub(first), Err: shown})
	}
	// A failed attempt is a warning, not an error: it is an ordinary part
	// of a run (the pipe may be retried; its failure is the run's state).
	level := slog.LevelInfo
	if result != executor.AttemptOK {
		level = slog.LevelWarn
	}
	a.log.Log(ctx, level, "attempt finished", "pipeline", t.Pipeline, "pipe", t.Task, "attempt", attempt,
		"result", result.String(), "duration", end.Sub(start), "error", errText(shown))
	if span != nil {
		span.SetAttributes(tracing.AttrResult.String(result.String()))
		var ee *pipes.ExitError
		if errors.As(err, &ee) {
			span.SetAttributes(tracing.AttrExitCode.Int(ee.Code))
		}
		if shown != nil {
			// Not the message: this worker cannot tell which values of
			// the run are sensitive (the client's spans carry the
			// redacted one).
			span.SetStatus(codes.Error, result.String())
		}
		span.End(trace.WithTimestamp(end))
	}

	enc, encErr := encodeValue(out)
	switch {
	case err == nil && encErr != nil:
		msg := fmt.Sprintf("output of %s: %v", t.Task, encErr)
		return nil, sdktemporal.NewNonRetryableApplicationError(msg, errTypePermanent, nil,
			failureDetails{Attempt: attempt, Result: executor.AttemptError, Message: msg, Log: logText})
	case err == nil:
		return &PipeOutput{Attempt: attempt, Output: enc, Log: logText}, nil
	case skipped:
		return nil, sdktemporal.NewApplicationErrorWithOptions(err.Error(), errTypeSkipped, sdktemporal.ApplicationErrorOptions{
			NonRetryable: true,
			Details:      []any{failureDetails{Attempt: attempt, Output: enc, Result: executor.AttemptOK, Message: err.Error(), Log: logText}},
		})
	case cancelled:
		return nil, sdktemporal.NewCanceledError(failureDetails{Attempt: attempt, Output: enc, Result: result, Message: err.Error(), Allowed: pipes.IsAllowedFailure(err), Log: logText})
	}
	errType := errTypePipe
	if permanent {
		errType = errTypePermanent
	}
	return nil, sdktemporal.NewApplicationErrorWithOptions(shown.Error(), errType, sdktemporal.ApplicationErrorOptions{
		NonRetryable: true, // the workflow retries, with a new activity
		Details:      []any{failureDetails{Attempt: attempt, Output: enc, Result: result, Message: err.Error(), Allowed: pipes.IsAllowedFailure(err), Log: logText}},
		// A pipe's failure is the run's state, not the worker's: benign,
		// the SDK logs it at debug, not as an error (this worker logs the
		// attempt at warn).
		Category: sdktemporal.ApplicationErrorCategoryBenign,
	})
}

// attempt decodes the arguments and runs the pipe for at most its timeout,
// heartbeating meanwhile so that Temporal notices a lost worker and delivers
// cancellation. timedOut: the pipe's timeout ended it; cut: the worker's
// stop did (at once, or after the drain).
func (a *activities) attempt(ctx context.Context, t PipeTask, attempt int, hbTimeout time.Duration, capture io.Writer) (out cty.Value, timedOut, cut bool, err error) {
	typ, ok := a.types.Lookup(t.Type)
	if !ok {
		return cty.NilVal, false, false, pipes.Permanent(fmt.Errorf("pipe type %q is not registered on this worker (task queue %q)", t.Type, activity.GetInfo(ctx).TaskQueue))
	}
	args, err := decodeArgs(typ, t.Args)
	if err != nil {
		return cty.NilVal, false, false, pipes.Permanent(err)
	}
	every := hbTimeout / 4
	if every <= 0 {
		every = DefaultHeartbeatTimeout / 4
	}
	// The pipe runs with runCtx: cancelled with the activity (the run was
	// cancelled), at the pipe's timeout, or when the worker stops, so that
	// the attempt ends, and says so, while the worker can still tell.
	runCtx, cancelRun := context.WithCancel(ctx)
	if t.Timeout > 0 {
		runCtx, cancelRun = context.WithTimeout(ctx, t.Timeout)
	}
	defer cancelRun()
	done := make(chan struct{})
	var wg sync.WaitGroup
	var stopCut atomic.Bool
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		stopping := activity.GetWorkerStopChannel(ctx)
		var drained <-chan time.Time
		for {
			select {
			case <-done:
				return
			case <-stopping:
				// The worker stops: the attempt may finish within the
				// drain, else it is cut.
				stopping = nil
				if a.drain <= 0 {
					stopCut.Store(true)
					cancelRun()
					break
				}
				a.log.Info("draining: the attempt may finish before the worker stops", "pipeline", t.Pipeline, "pipe", t.Task,
					"attempt", attempt, "drain", a.drain)
				drained = time.After(a.drain)
			case <-drained:
				drained = nil
				stopCut.Store(true)
				cancelRun()
			case <-tick.C:
				activity.RecordHeartbeat(ctx)
			}
		}
	}()
	log := capture // sent home with the result
	if a.pipeLog != nil {
		if w := a.pipeLog(t.Task); w != nil {
			log = io.MultiWriter(w, capture)
		}
	}
	rt := pipes.Runtime{Pipe: t.Task, Attempt: attempt, Dir: t.Dir, Log: log, RunID: t.RunID, Pipeline: t.Pipeline}
	// Scratch files ($DAGRUN_OUTPUT) live in a private directory of the
	// attempt, as they live in one of the run on the local engine: not in the
	// temporary directory the runs of every pipeline on this host share.
	if dir, err := os.MkdirTemp("", "dagrun-attempt-*"); err == nil {
		rt.TempDir = dir
		defer os.RemoveAll(dir)
	}
	out, err = callRun(runCtx, typ, args, rt)
	timedOut = err != nil && errors.Is(runCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
	close(done)
	wg.Wait()
	return out, timedOut, stopCut.Load() || (err != nil && ctx.Err() != nil && workerStopping(ctx)), err
}

func callRun(ctx context.Context, typ *pipes.Type, args any, rt pipes.Runtime) (out cty.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v\n%s", executor.ErrPanic, p, debug.Stack())
		}
	}()
	return typ.Run(ctx, args, rt)
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

// workerStopping reports whether the worker running the activity is stopping.
func workerStopping(ctx context.Context) bool {
	select {
	case <-activity.GetWorkerStopChannel(ctx):
		return true
	default:
		return false
	}
}

// notYet ends the poll of a sensor whose condition does not hold yet: not a
// failed attempt (no attempt event, no failure logged); the workflow polls
// again.
func (a *activities) notYet(ctx context.Context, t PipeTask, attempt int, span trace.Span, out cty.Value, ny *pipes.NotYetError) (*PipeOutput, error) {
	a.log.Log(ctx, slog.LevelDebug, "poll: not yet", "pipeline", t.Pipeline, "pipe", t.Task, "attempt", attempt, "poll", t.Poll, "waiting_for", ny.What)
	if span != nil {
		span.SetAttributes(tracing.AttrResult.String("not_yet"))
		span.End()
	}
	enc, _ := encodeValue(out)
	return nil, sdktemporal.NewApplicationErrorWithOptions(ny.Error(), errTypeNotYet, sdktemporal.ApplicationErrorOptions{
		NonRetryable: true,
		Details:      []any{failureDetails{Attempt: attempt, Output: enc, Result: executor.AttemptOK, Message: ny.Error(), NotYet: ny}},
		Category:     sdktemporal.ApplicationErrorCategoryBenign,
	})
}
