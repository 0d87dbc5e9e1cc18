package tracing

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zclconf/go-cty/cty"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/pipes"
)

// ScopeName is the instrumentation scope of dagrun's spans.
const ScopeName = "github.com/dagrun/dagrun"

// Attribute keys of dagrun's spans.
const (
	AttrPipeline    = attribute.Key("dagrun.pipeline")
	AttrPipe        = attribute.Key("dagrun.pipe") // the pipe block's id (a fan-out's instances share it)
	AttrNode        = attribute.Key("dagrun.node") // what ran: id, id[key], id[key].step
	AttrKey         = attribute.Key("dagrun.key")
	AttrAttempt     = attribute.Key("dagrun.attempt")
	AttrMaxAttempts = attribute.Key("dagrun.max_attempts")
	AttrAttempts    = attribute.Key("dagrun.attempts")
	AttrResult      = attribute.Key("dagrun.result")
	AttrStatus      = attribute.Key("dagrun.status")
	AttrReason      = attribute.Key("dagrun.skip_reason")
	AttrExitCode    = attribute.Key("dagrun.exit_code")
	AttrReused      = attribute.Key("dagrun.reused")
	AttrKind        = attribute.Key("dagrun.kind") // composite, for_each
	AttrDelay       = attribute.Key("dagrun.delay_seconds")
	AttrQueued      = attribute.Key("dagrun.queued_seconds") // ready → attempt started
)

// QueuedSpanMin is the shortest wait for a parallelism or pool slot that
// gets a "queued" span of its own (every attempt has the wait as its
// dagrun.queued_seconds): the microseconds between ready and started of a
// pipe that waited for nothing would only clutter the waterfall.
const QueuedSpanMin = time.Millisecond

// Options tune a Run.
type Options struct {
	// Redact hides sensitive values in an error message before it becomes a
	// span's status; nil keeps messages as they are.
	Redact func(string) string
	// RemoteAttempts says the run's attempts are traced where they run
	// (the workers of the Temporal engine): the Run opens no attempt or
	// queued spans of its own, and gives each pipe's span its PipeSpanID
	// (through IDGenerator) for the workers to open their attempts under.
	RemoteAttempts bool
}

// Run builds the spans of one run from its events. It is safe for
// concurrent use.
type Run struct {
	tracer   trace.Tracer
	pipeline string
	redact   func(string) string
	remote   bool            // Options.RemoteAttempts
	ctx      context.Context // holds the run's span
	span     trace.Span

	mu     sync.Mutex
	nodes  map[string]*nodeSpans
	parent map[string]string // a composite's step → the composite, an instance → its fan-out or composite
	ended  bool
}

type nodeSpans struct {
	span    trace.Span
	ctx     context.Context
	attempt trace.Span // the running attempt, nil between attempts
	ended   bool       // its pipe_finished came
}

var (
	_ executor.Observer    = (*Run)(nil)
	_ executor.EventFilter = (*Run)(nil)
)

// Start opens the span of a run of pipeline, as a child of the span in ctx
// (a trace continued from TRACEPARENT or an API request) or as the root of a
// new trace. End it with the run's EventRunFinished or with End.
func Start(ctx context.Context, tp trace.TracerProvider, pipeline string, opts Options) *Run {
	r := &Run{
		tracer:   tp.Tracer(ScopeName),
		pipeline: pipeline,
		redact:   opts.Redact,
		remote:   opts.RemoteAttempts,
		nodes:    map[string]*nodeSpans{},
		parent:   map[string]string{},
	}
	if r.redact == nil {
		r.redact = func(s string) string { return s }
	}
	r.ctx, r.span = r.tracer.Start(ctx, "run "+pipeline, trace.WithAttributes(AttrPipeline.String(pipeline)))
	return r
}

// Context returns ctx's values with the run's span: what an engine passes on
// (a Temporal client starts its workflow under it).
func (r *Run) Context() context.Context { return r.ctx }

// SpanContext returns the span context of the run.
func (r *Run) SpanContext() trace.SpanContext { return r.span.SpanContext() }

// End ends the run's span (and any left open) if the run's end has not.
func (r *Run) End() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended {
		return
	}
	r.ended = true
	now := time.Now()
	for _, n := range r.nodes {
		if n.attempt != nil {
			n.attempt.End(trace.WithTimestamp(now))
		}
		if !n.ended {
			n.span.End(trace.WithTimestamp(now))
		}
	}
	r.span.End(trace.WithTimestamp(now))
}

// EventTypes implements executor.EventFilter: a Run uses every type.
func (r *Run) EventTypes() executor.EventMask { return executor.AllEvents }

// Event implements executor.Observer.
func (r *Run) Event(e executor.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended {
		return
	}
	switch e.Type {
	case executor.EventRunStarted:
	case executor.EventPipeReady:
		r.node(&e)
	case executor.EventAttemptStarted:
		n := r.node(&e)
		if r.remote {
			break
		}
		if e.Wait >= QueuedSpanMin {
			_, w := r.tracer.Start(n.ctx, "queued", trace.WithTimestamp(e.Time.Add(-e.Wait)))
			w.End(trace.WithTimestamp(e.Time))
		}
		_, n.attempt = r.tracer.Start(n.ctx, "attempt "+itoa(e.Attempt), trace.WithTimestamp(e.Time),
			trace.WithAttributes(AttrNode.String(e.Node), AttrAttempt.Int(e.Attempt), AttrMaxAttempts.Int(e.MaxAttempts),
				AttrQueued.Float64(e.Wait.Seconds())))
	case executor.EventAttemptFinished:
		n := r.node(&e)
		if r.remote {
			break
		}
		a := n.attempt
		if a == nil { // an engine that reports only the end of an attempt
			_, a = r.tracer.Start(n.ctx, "attempt "+itoa(e.Attempt), trace.WithTimestamp(e.Time.Add(-e.Duration)),
				trace.WithAttributes(AttrNode.String(e.Node), AttrAttempt.Int(e.Attempt), AttrMaxAttempts.Int(e.MaxAttempts)))
		}
		n.attempt = nil
		a.SetAttributes(AttrResult.String(e.AttemptResult.String()))
		if code, ok := exitCode(e.Err); ok {
			a.SetAttributes(AttrExitCode.Int(code))
		}
		if e.AttemptResult != executor.AttemptOK {
			a.SetStatus(codes.Error, r.message(e.Err, e.AttemptResult.String()))
		}
		a.End(trace.WithTimestamp(e.Time))
	case executor.EventRetrying:
		n := r.node(&e)
		_, b := r.tracer.Start(n.ctx, "backoff", trace.WithTimestamp(e.Time),
			trace.WithAttributes(AttrAttempt.Int(e.Attempt), AttrDelay.Float64(e.Delay.Seconds())))
		b.End(trace.WithTimestamp(e.Time.Add(e.Delay)))
	case executor.EventPipeFinished:
		n := r.node(&e)
		s := n.span
		s.SetAttributes(AttrStatus.String(e.Status.String()), AttrAttempts.Int(e.Attempt))
		if e.Reason != "" {
			s.SetAttributes(AttrReason.String(e.Reason))
		}
		if e.Reused {
			s.SetAttributes(AttrReused.Bool(true))
		}
		if e.Status == executor.StatusFailed {
			s.SetStatus(codes.Error, r.message(e.Err, "failed"))
		}
		n.ended = true
		s.End(trace.WithTimestamp(e.Time))
	case executor.EventRunFinished:
		r.span.SetAttributes(AttrStatus.String(e.Status.String()))
		if e.Status == executor.StatusFailed {
			r.span.SetStatus(codes.Error, r.message(e.Err, "failed"))
		}
		r.ended = true
		r.span.End(trace.WithTimestamp(e.Time))
	}
}

// node returns the spans of e's node, opening its span (and its parents'
// if they have none yet) at e's time.
func (r *Run) node(e *executor.Event) *nodeSpans {
	if n := r.nodes[e.Node]; n != nil {
		return n
	}
	attrs := []attribute.KeyValue{AttrPipeline.String(r.pipeline), AttrNode.String(e.Node), AttrPipe.String(e.Pipe)}
	if e.Pipe == "" {
		attrs[2] = AttrPipe.String(e.Node)
	}
	if e.Key != "" {
		attrs = append(attrs, AttrKey.String(e.Key))
	}
	if e.FanOut {
		attrs = append(attrs, AttrKind.String("for_each"))
	}
	return r.open(e.Node, e.Time, attrs)
}

// nodeAt returns the spans of node id, opening its span at t.
func (r *Run) nodeAt(id string, t time.Time) *nodeSpans {
	if n := r.nodes[id]; n != nil {
		return n
	}
	return r.open(id, t, []attribute.KeyValue{AttrPipeline.String(r.pipeline), AttrNode.String(id), AttrPipe.String(id)})
}

func (r *Run) open(id string, t time.Time, attrs []attribute.KeyValue) *nodeSpans {
	pctx := r.ctx
	if p := r.parentOf(id); p != "" {
		pctx = r.nodeAt(p, t).ctx
	}
	sctx := pctx
	if r.remote {
		// Only this span gets the id: its children get their own.
		sctx = withSpanID(pctx, PipeSpanID(r.span.SpanContext().TraceID(), id))
	}
	n := &nodeSpans{}
	_, n.span = r.tracer.Start(sctx, id, trace.WithTimestamp(t), trace.WithAttributes(attrs...))
	n.ctx = trace.ContextWithSpan(pctx, n.span)
	r.nodes[id] = n
	return n
}

// parentOf returns the node whose span holds id's: the composite or fan-out
// it belongs to, "" for a top-level pipe.
func (r *Run) parentOf(id string) string {
	if p, ok := r.parent[id]; ok {
		return p
	}
	if i := strings.LastIndexByte(id, '['); i > 0 && strings.HasSuffix(id, "]") {
		return id[:i] // an instance named fanout[key]
	}
	return ""
}

func (r *Run) message(err error, fallback string) string {
	if err == nil {
		return fallback
	}
	return r.redact(err.Error())
}

// AttemptContext returns ctx with the span of node's running attempt (ctx
// itself if it has none).
func (r *Run) AttemptContext(ctx context.Context, node string) context.Context {
	r.mu.Lock()
	n := r.nodes[node]
	var a trace.Span
	if n != nil {
		a = n.attempt
	}
	r.mu.Unlock()
	if a == nil {
		return ctx
	}
	return trace.ContextWithSpan(ctx, a)
}

// SpanContextOf returns the span context an event of node belongs to: its
// running attempt's, else its own, else the run's ("" is the run).
func (r *Run) SpanContextOf(node string) trace.SpanContext {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := r.nodes[node]; n != nil && node != "" {
		if n.attempt != nil {
			return n.attempt.SpanContext()
		}
		return n.span.SpanContext()
	}
	return r.span.SpanContext()
}

// Nodes returns nodes with their tasks (and the tasks of the instances
// their fan-outs expand into) running in the context of their attempt's
// span, and records which composite each step belongs to.
func (r *Run) Nodes(nodes []executor.Node) []executor.Node {
	r.Steps(nodes)
	out := make([]executor.Node, len(nodes))
	r.mu.Lock()
	for k, n := range nodes {
		if n.Task != nil {
			n.Task = r.task(n.Task)
		}
		if n.Expand != nil {
			n.Expand = r.expand(n.Expand)
		}
		out[k] = n
	}
	r.mu.Unlock()
	return out
}

// Steps records which composite each step of nodes belongs to, so that
// its span nests under the composite's: what Nodes does for a run of the
// local engine, for an engine that runs the nodes elsewhere.
func (r *Run) Steps(nodes []executor.Node) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range nodes {
		for _, s := range n.Steps {
			r.parent[s] = n.ID
		}
	}
}

func (r *Run) task(t executor.Task) executor.Task {
	return func(ctx context.Context, in executor.Input) (cty.Value, error) {
		return t(r.AttemptContext(ctx, in.Node), in)
	}
}

func (r *Run) expand(x executor.Expand) executor.Expand {
	return func(ctx context.Context, in executor.Input) ([]executor.Instance, error) {
		insts, err := x(ctx, in)
		if err != nil {
			return insts, err
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		ids := make([]string, len(insts))
		for k := range insts {
			ids[k] = insts[k].ID
			if ids[k] == "" {
				ids[k] = in.Node + "[" + insts[k].Key + "]"
			}
			for _, s := range insts[k].Steps {
				r.parent[s] = ids[k]
			}
		}
		for k := range insts {
			if _, ok := r.parent[ids[k]]; !ok {
				r.parent[ids[k]] = in.Node
			}
			if insts[k].Task != nil {
				insts[k].Task = r.task(insts[k].Task)
			}
		}
		return insts, nil
	}
}

// exitCode finds the exit status of an exec pipe's process in err's chain.
func exitCode(err error) (int, bool) {
	var ee *pipes.ExitError
	if err != nil && errors.As(err, &ee) {
		return ee.Code, true
	}
	return 0, false
}

func itoa(n int) string { return strconv.Itoa(n) }
