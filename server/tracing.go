package server

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/schedule"
	"github.com/dagrun/dagrun/tracing"
)

// triggerTraced is TriggerWith for an API request: with tracing on, the run it
// starts (or queues) continues the trace of the request's traceparent
// header. Triggers that carry a trace are serialized, so the run created
// inside Trigger takes the right one.
func (s *Server) triggerTraced(r *http.Request, pipeline string, p *dagrun.Pipeline) (RunInfo, error) {
	if s.opts.TracerProvider == nil {
		return s.TriggerWith(pipeline, p)
	}
	parent := trace.SpanContextFromContext(tracing.Propagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header)))
	if !parent.IsValid() {
		return s.TriggerWith(pipeline, p)
	}
	s.triggerMu.Lock()
	defer s.triggerMu.Unlock()
	s.triggerParent.Store(&parent)
	defer s.triggerParent.Store(nil)
	return s.TriggerWith(pipeline, p)
}

// traceParentOf is the span context a new record of run r continues: the
// API request's that is triggering it, none for a schedule's tick.
func (s *Server) traceParentOf(r schedule.Run) trace.SpanContext {
	if r.Schedule != "" {
		return trace.SpanContext{}
	}
	if p := s.triggerParent.Load(); p != nil {
		return *p
	}
	return trace.SpanContext{}
}

// traceContext returns ctx with the remote parent of rec's run, if any.
func traceContext(ctx context.Context, rec *record) context.Context {
	if rec.traceParent.IsValid() {
		return trace.ContextWithRemoteSpanContext(ctx, rec.traceParent)
	}
	return ctx
}
