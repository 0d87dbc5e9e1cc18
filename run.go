package dagrun

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"os"
	"time"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"go.opentelemetry.io/otel/trace"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/internal/bind"
	"github.com/dagrun/dagrun/pipes"
	"github.com/dagrun/dagrun/tracing"
)

// PipeResult is the outcome of one pipe or ForEach instance: ID (id[key]
// for an instance), Pipe (the pipe it counts for), Key, Status, Reason (why
// it was skipped or cancelled), Attempts, Output (cty.NilVal when it made
// none; decode it with Result.Decode), Err, Started (its first attempt's
// start; zero if none started), Finished, Duration (from its first start
// to its end, retries and their waits included) and Reused (taken from an
// earlier run).
type PipeResult = executor.Result

// RunOptions tune one run.
type RunOptions struct {
	// Parallelism caps running pipes. 0 keeps the pipeline's own setting (HCL:
	// `parallelism`, default 10; Go pipelines: unlimited); negative is unlimited.
	Parallelism int
	// FailFast stops the run at the first failed pipe (also set by HCL
	// `on_failure = "fail_fast"`).
	FailFast bool
	// Targets, when set, runs only these pipes and everything they depend on.
	// Each is an Address in its text form: a pipe id, a step's path
	// (group.step), or one instance of a for_each pipe (pipe[key]).
	Targets []string
	// Observer receives every event (metrics, progress views, journals);
	// several are combined with executor.Observers. The Prometheus metrics
	// of a pipeline are one: metrics.ForPipeline(reg, p.Name(), p.WorkIDs(),
	// version).
	Observer Observer
	// Logger, when set, gets one structured record per event.
	Logger *slog.Logger
	// PipeLog returns where the log output of a pipe's attempts goes (exec stdout
	// and stderr); nil discards it.
	PipeLog func(pipe string) io.Writer
	// TrackProcess, when set, is told of every process group a pipe starts (see
	// pipes.Runtime.Track).
	TrackProcess func(pgid int) (release func())
	// Clock replaces the real clock (tests).
	Clock executor.Clock
	// Reuse, when set, is asked for each pipe (and each for_each instance)
	// whether an earlier run already succeeded it; such pipes are not run again
	// and their recorded output flows downstream (resume).
	Reuse func(id string) (PipeResult, bool)
	// RunID is the run's id: run.id in HCL expressions and DAGRUN_RUN_ID of
	// exec pipes. A state recorder's Options sets it to the id of the run's
	// records; empty: an id is made from the start time.
	RunID string
	// Engine runs the pipes somewhere else than in this process; nil runs
	// them here (executor.Run). Either way the run has the same rules, events
	// and Result: every engine drives the same scheduling core. PipeLog,
	// TrackProcess and Clock are the local engine's; another has its own.
	Engine Engine
	// UpToDate, when set, turns on the up-to-date checks of the pipes with
	// `sources` or `generates`; nil runs every pipe. Only the local engine
	// has them: with another, a pipeline that has such pipes is refused
	// (ErrUpToDateEngine) unless Force is set.
	UpToDate *UpToDateOptions
	// TracerProvider, when set, gets the run's spans: one for the run, one
	// per pipe (composite steps and for_each instances nested), one per
	// attempt (package tracing). The run's span is a child of the span in
	// the context given to Run. exec pipes get the attempt's TRACEPARENT,
	// http pipes its traceparent header. nil: no tracing, at no cost.
	TracerProvider trace.TracerProvider
}

// Engine runs a pipeline's graph: the local engine in this process, or
// another (package temporal: on Temporal workers). Pipeline.Run settles the
// run (targets, parallelism, fail-fast, timeout, observers) and hands it to
// the engine, which drives the scheduling core (executor.Sched) and returns
// its report; Run turns that into the Result, as for a local run.
type Engine interface {
	RunGraph(ctx context.Context, run EngineRun) (*executor.Report, error)
}

// EngineRun is one run as Pipeline.Run settles it for an Engine.
type EngineRun struct {
	Pipeline *Pipeline // the pipeline to run
	// Run is what run.<attribute> is in the pipeline's expressions (an
	// engine binds with bind.NodesIn).
	Run dhcl.RunContext
	// Targets are the pipes to run with what they depend on (all when empty),
	// as ids of nodes.
	Targets     []string
	Parallelism int  // running pipes at once; 0: unlimited
	FailFast    bool // the pipeline's on_failure or RunOptions.FailFast
	// Timeout is the pipeline's own timeout (0: none).
	Timeout time.Duration
	// Deadline is the pipeline's deadline (0: none): missing it stops
	// nothing (executor.Options.Deadline).
	Deadline time.Duration
	// Observer gets every event: RunOptions.Observer and the Logger's records.
	Observer executor.Observer
	// Reuse is RunOptions.Reuse (resume); an engine that cannot resume
	// refuses a run that sets it.
	Reuse func(id string) (PipeResult, bool)
	// PipeLog is RunOptions.PipeLog: where an engine that runs pipes
	// elsewhere writes what their attempts wrote, when it gets it.
	PipeLog func(pipe string) io.Writer
}

// Result is the outcome of a run.
type Result struct {
	Pipeline string        // the pipeline's name
	Status   Status        // succeeded, failed (a pipe failed) or cancelled
	Err      error         // why the run as a whole ended early (timeout), if it did
	Started  time.Time     // when the run started
	Duration time.Duration // how long it took
	Pipes    []PipeResult  // in stable topological order
	Outputs  []Output      // HCL `output` blocks, evaluated after the run
	// OutputDiagnostics are those of evaluating the outputs, with the range
	// of each output's expression (render them with hcl.WriteDiagnostics and
	// Config().Files(), redacted with Redact). A warning: the output reads a
	// pipe that did not succeed, and is null. An error: the expression failed
	// (an attribute the value has not, a function given what it cannot
	// take), and the output is null. Status does not count them: the caller
	// decides what a failed output means (the dagrun command exits 1).
	OutputDiagnostics hcl2.Diagnostics
	report            *executor.Report
}

// Output is an evaluated HCL `output` block.
type Output struct {
	Name      string    // the block's label
	Value     cty.Value // its value; null when it could not be evaluated (see Result.OutputDiagnostics)
	Sensitive bool      // the output is sensitive: show it as (sensitive)
}

// Pipe returns the result of pipe id.
func (r *Result) Pipe(id string) (*PipeResult, bool) {
	if r.report == nil {
		return nil, false
	}
	return r.report.Result(id)
}

// ErrRunTimeout is Result.Err when the pipeline's own timeout ended the run.
var ErrRunTimeout = executor.ErrRunTimeout

// Run runs the pipeline. Pipe failures are in the result, not the error: the error
// is non-nil only when the pipeline cannot run (bad graph, unknown target or pool).
// Cancel ctx to stop the run; Run returns once all its goroutines have ended.
func (p *Pipeline) Run(ctx context.Context, opts RunOptions) (*Result, error) {
	if p.err != nil {
		return nil, p.err
	}
	if err := p.checkDeps(); err != nil {
		return nil, err
	}
	sel, err := p.selectTargets(opts.Targets)
	if err != nil {
		return nil, err
	}
	var tr *tracing.Run
	if opts.TracerProvider != nil {
		// An engine whose workers trace the attempts they run says so; the
		// run's spans then leave the attempts to them.
		at, ok := opts.Engine.(interface{ TracesAttempts() bool })
		remote := ok && at.TracesAttempts()
		tr = tracing.Start(ctx, opts.TracerProvider, p.name, tracing.Options{Redact: p.redact, RemoteAttempts: remote})
		defer tr.End()
		ctx = tr.Context()
	}
	rc := p.runContext(opts)
	upToDate, err := p.upToDateBinding(opts.UpToDate)
	if err != nil {
		return nil, err
	}
	if opts.Engine != nil && upToDate.UpToDate != nil && !opts.UpToDate.Force {
		return nil, ErrUpToDateEngine
	}
	if opts.Engine != nil {
		if len(sel.keys) > 0 {
			return nil, errors.New("a target that names one instance of a for_each pipe needs the local engine")
		}
		if tr != nil {
			tr.Steps(p.nodes)
		}
		rep, err := opts.Engine.RunGraph(ctx, EngineRun{
			Run:         rc,
			Pipeline:    p,
			Targets:     sel.ids,
			Parallelism: p.parallelismFor(opts),
			FailFast:    p.failFast || opts.FailFast,
			Timeout:     p.timeout,
			Deadline:    p.deadline,
			Observer:    p.observers(opts, tr),
			Reuse:       opts.Reuse,
			PipeLog:     opts.PipeLog,
		})
		if err != nil {
			return nil, err
		}
		return p.resultOf(rep, rc), nil
	}
	hooks := runtimeHooks{log: opts.PipeLog, track: opts.TrackProcess, rc: rc}
	if p.config != nil {
		// Scratch files of HCL pipes ($DAGRUN_OUTPUT) live in a directory of
		// the run's own; without one they are created in the shared /tmp.
		if dir, err := os.MkdirTemp("", "dagrun-run-*"); err == nil {
			hooks.tempDir = dir
			defer os.RemoveAll(dir)
		}
	}
	nodes, err := executor.Select(p.nodes, sel.ids)
	if err != nil {
		return nil, err
	}
	if nodes, err = p.withRuntime(nodes, hooks, upToDate); err != nil {
		return nil, err
	}
	sel.restrict(nodes)
	if tr != nil {
		nodes = tr.Nodes(nodes)
	}
	g, err := executor.NewGraph(nodes)
	if err != nil {
		return nil, err
	}
	rep, err := executor.Run(ctx, g, executor.Options{
		Parallelism: p.parallelismFor(opts),
		Pools:       p.pools,
		FailFast:    p.failFast || opts.FailFast,
		Observer:    p.observers(opts, tr),
		Clock:       opts.Clock,
		Reuse:       opts.Reuse,
		Timeout:     p.timeout,
		Deadline:    p.deadline,
	})
	if err != nil {
		return nil, err
	}
	return p.resultOf(rep, rc), nil
}

// runContext is what run.<attribute> is in a run with opts.
func (p *Pipeline) runContext(opts RunOptions) dhcl.RunContext {
	started := time.Now()
	id := opts.RunID
	if id == "" {
		var b [2]byte
		_, _ = rand.Read(b[:])
		id = started.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
	}
	return dhcl.RunContext{ID: id, Pipeline: p.name, Started: started}
}

// parallelismFor is the parallelism of a run with opts: opts' own when set
// (negative: unlimited, 0), else the pipeline's.
func (p *Pipeline) parallelismFor(opts RunOptions) int {
	switch {
	case opts.Parallelism > 0:
		return opts.Parallelism
	case opts.Parallelism < 0:
		return 0
	}
	return p.parallelism
}

func (p *Pipeline) redact(s string) string {
	if p.config == nil {
		return s
	}
	return p.config.Redact(s)
}

// Redact hides the values of sensitive variables in s (HCL pipelines).
func (p *Pipeline) Redact(s string) string { return p.redact(s) }

// runtimeHooks are the per-run hooks HCL pipes hand to their pipe type.
type runtimeHooks struct {
	log     func(string) io.Writer
	track   func(int) func()
	tempDir string // private to the run (0700), removed when it ends
	rc      dhcl.RunContext
}

// withRuntime binds nodes (a selection of p.nodes) to one run: the pipes of an HCL
// pipeline run with h's hooks.
func (p *Pipeline) withRuntime(nodes []executor.Node, h runtimeHooks, o bind.Options) ([]executor.Node, error) {
	return p.bindRun(nodes, func(ctx context.Context, c bind.Call) (cty.Value, error) {
		return c.Type.Run(ctx, c.Args, pipeRuntime(h, c))
	}, h.rc, o)
}

// pipeRuntime is the pipes.Runtime of one attempt.
func pipeRuntime(h runtimeHooks, c bind.Call) pipes.Runtime {
	rt := pipes.Runtime{Pipe: c.Task, Attempt: c.Attempt, Dir: c.Dir, Log: io.Discard, Track: h.track, TempDir: h.tempDir,
		RunID: c.RunID, Pipeline: c.Pipeline}
	if h.log != nil {
		if w := h.log(c.Task); w != nil {
			rt.Log = w
		}
	}
	return rt
}

// logObserver writes one slog record per event.
type logObserver struct {
	log    *slog.Logger
	redact func(string) string
	spans  *tracing.Run // nil: no tracing
}

func (l logObserver) Event(e executor.Event) {
	if e.Gate {
		return
	}
	attrs := []slog.Attr{slog.String("event", e.Type.String())}
	if e.Node != "" {
		attrs = append(attrs, slog.String("pipe", e.Node))
	}
	if e.Attempt > 0 {
		attrs = append(attrs, slog.Int("attempt", e.Attempt), slog.Int("max_attempts", e.MaxAttempts))
	}
	level := slog.LevelInfo
	switch e.Type {
	case executor.EventAttemptFinished:
		attrs = append(attrs, slog.String("result", e.AttemptResult.String()), slog.Duration("duration", e.Duration))
		if e.AttemptResult != executor.AttemptOK {
			level = slog.LevelWarn
		}
	case executor.EventRetrying:
		attrs = append(attrs, slog.Duration("delay", e.Delay))
	case executor.EventPipeFinished, executor.EventRunFinished:
		attrs = append(attrs, slog.String("status", e.Status.String()), slog.Duration("duration", e.Duration))
		if e.Reason != "" {
			attrs = append(attrs, slog.String("reason", e.Reason))
		}
		if e.Status == executor.StatusFailed {
			level = slog.LevelError
		}
	case executor.EventPipeReady, executor.EventAttemptStarted:
		level = slog.LevelDebug
	case executor.EventDeadlineMissed:
		attrs = append(attrs, slog.Duration("deadline", e.Duration))
		level = slog.LevelWarn
	}
	if e.Handler {
		attrs = append(attrs, slog.Bool("handler", true))
	}
	if e.Err != nil {
		attrs = append(attrs, slog.String("error", l.redact(e.Err.Error())))
	}
	if l.spans != nil {
		if sc := l.spans.SpanContextOf(e.Node); sc.IsValid() {
			attrs = append(attrs, slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
		}
	}
	l.log.LogAttrs(context.Background(), level, "dagrun", attrs...)
}
