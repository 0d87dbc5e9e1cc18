package temporal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/trace"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
	"github.com/dagrun/dagrun/pipes"
	"github.com/dagrun/dagrun/tracing"
)

// WorkerOptions configure a worker.
type WorkerOptions struct {
	// TaskQueue is the queue the worker polls for runs and pipes
	// (DefaultTaskQueue when empty).
	TaskQueue string
	// MaxConcurrent caps the pipes this worker runs at once, as activities
	// and as local activities (each 0: Temporal's default, 1000). The
	// pipeline's parallelism and pools still apply to each run across all
	// workers.
	MaxConcurrent int
	// Types are the pipe types the worker can run; nil means the built-in ones.
	// Every worker of a task queue (and the starter) must know the types its
	// pipelines use.
	Types *pipes.Registry
	// Pipelines are the pipelines built in Go (dagrun.New, Add, ForEach)
	// this worker runs, by name (each function returns the pipeline of
	// that Pipeline.Name): a run of one started with an Engine without a
	// Source runs them here. The starter and every worker of the task
	// queue must build the same pipeline: a run checks it at its start, and
	// fails at once on a worker that lacks it or has another.
	Pipelines map[string]func() *dagrun.Pipeline
	// Registerer, when set, gets the per-pipe metrics of the pipes
	// this worker runs, one collector per pipeline.
	Registerer prometheus.Registerer
	// Version is reported by dagrun_build_info.
	Version string
	// PipeLog returns where the log output of a pipe's attempts goes (exec
	// stdout and stderr); nil discards it.
	PipeLog func(task string) io.Writer
	// Logger gets a record per attempt (a failed one at level warn); nil:
	// none.
	Logger *slog.Logger
	// TracerProvider, when set, gets a span per attempt this worker runs, in
	// the trace of the run that the client carried (TracePropagator); the
	// pipe runs in it (exec pipes get its TRACEPARENT).
	TracerProvider trace.TracerProvider
	// Drain is how long the attempts running when the worker stops may go
	// on to finish (0: none). The worker polls for no more work meanwhile;
	// an attempt still running after it is cut (see StopTimeout).
	Drain time.Duration
	// StopTimeout bounds how long stopping takes after the drain
	// (DefaultStopTimeout when 0). Running pipes are cancelled once the
	// drain is over; this is the time they have to end (an exec process
	// gets pipes.ExecKillGrace after SIGTERM) and report their attempt as
	// failed, for Temporal to retry it on another worker.
	StopTimeout time.Duration
}

// DefaultStopTimeout is WorkerOptions.StopTimeout when not set.
const DefaultStopTimeout = pipes.ExecKillGrace + 5*time.Second

// Worker runs pipeline workflows and pipe activities for a Temporal client.
type Worker struct {
	w worker.Worker
}

// NewWorker returns a worker for c; Run starts it.
func NewWorker(c client.Client, opts WorkerOptions) (*Worker, error) {
	if c == nil {
		return nil, errors.New("temporal: nil client")
	}
	queue := opts.TaskQueue
	if queue == "" {
		queue = DefaultTaskQueue
	}
	types := opts.Types
	if types == nil {
		types = pipes.Builtins()
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	gp := newGoPipelines(queue, opts.Pipelines)
	actTypes, err := withGoType(types, gp)
	if err != nil {
		return nil, err
	}
	acts := &activities{types: actTypes, pipeLog: opts.PipeLog, log: logger, drain: opts.Drain}
	if opts.TracerProvider != nil {
		acts.tracer = opts.TracerProvider.Tracer(tracing.ScopeName)
	}
	if opts.Registerer != nil {
		acts.metrics = &workerMetrics{reg: opts.Registerer, version: opts.Version, byPipeline: map[string]*metrics.Collector{}}
	}
	stopTimeout := opts.StopTimeout
	if stopTimeout <= 0 {
		stopTimeout = DefaultStopTimeout
	}
	w := worker.New(c, queue, worker.Options{
		MaxConcurrentActivityExecutionSize: opts.MaxConcurrent,
		// Short pipes run as local activities (MaxLocalTimeout): the same
		// cap applies to them.
		MaxConcurrentLocalActivityExecutionSize: opts.MaxConcurrent,
		WorkerStopTimeout:                       max(opts.Drain, 0) + stopTimeout,
		// A pipe heartbeats every quarter of its heartbeat timeout; sending
		// each one (rather than Temporal's default of one per 80% of the
		// timeout) is what delivers a cancellation within seconds.
		MaxHeartbeatThrottleInterval: time.Second,
		// A workflow task may load a pipeline of tens of thousands of
		// pipes (the first task of each part of a large run): more than
		// the SDK's default of 1 s on a busy machine. The task's own
		// timeout (10 s) still bounds it.
		DeadlockDetectionTimeout: WorkflowTaskCPU,
	})
	w.RegisterWorkflowWithOptions(workflowWith(types, gp), workflow.RegisterOptions{Name: WorkflowName})
	w.RegisterActivityWithOptions(acts.runPipe, activity.RegisterOptions{Name: ActivityName})
	w.RegisterActivityWithOptions(gp.eval, activity.RegisterOptions{Name: GoEvalActivityName})
	return &Worker{w: w}, nil
}

// WorkflowTaskCPU is how long the code of one workflow task of a run may
// run without yielding (the SDK calls a longer one a deadlock).
const WorkflowTaskCPU = 10 * time.Second

// Workflow is the workflow function of a run (register it as WorkflowName),
// for pipelines whose pipes are of the given types: for embedders that run
// their own Temporal workers, and for replaying a run's history. It runs no
// pipeline built in Go (such a run fails as on a worker without it): a
// worker made by NewWorker with WorkerOptions.Pipelines does. Such a worker
// needs worker.Options.DeadlockDetectionTimeout at WorkflowTaskCPU for
// large pipelines.
func Workflow(types *pipes.Registry) func(ctx workflow.Context, in Input) (*Output, error) {
	return workflowWith(types, nil)
}

// Run polls for work until ctx ends, then stops: running pipes are
// cancelled, and their attempts reported as failed so that Temporal retries
// them on another worker (see WorkerOptions.StopTimeout).
func (w *Worker) Run(ctx context.Context) error {
	stop := make(chan any)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			close(stop)
		case <-done:
		}
	}()
	if err := w.w.Run(stop); err != nil {
		return fmt.Errorf("temporal worker: %w", err)
	}
	return nil
}

// workerMetrics keeps one metrics collector per pipeline the worker has run
// pipes of.
type workerMetrics struct {
	reg        prometheus.Registerer
	version    string
	mu         sync.Mutex
	byPipeline map[string]*metrics.Collector
}

func (m *workerMetrics) event(pipeline string, e executor.Event) {
	if c := m.collector(pipeline); c != nil {
		c.Event(e)
	}
}

func (m *workerMetrics) collector(pipeline string) *metrics.Collector {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c, ok := m.byPipeline[pipeline]; ok {
		return c
	}
	c, err := metrics.ForPipeline(m.reg, pipeline, nil, m.version)
	if err != nil {
		return nil
	}
	m.byPipeline[pipeline] = c
	return c
}
