package pipes

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/embedded"
)

// tracedClient returns the client of a request made in ctx: when ctx holds a
// span (the attempt's, tracing on), one whose transport opens an HTTP client
// span under it and sends the W3C traceparent/tracestate headers; else
// client itself, untouched.
//
// The span's url.full is the URL as the pipe's log shows it (no query, no
// user info), and error messages have the full URL replaced by it: the query
// of a pipe's URL may hold a sensitive value.
func tracedClient(ctx context.Context, client *http.Client, full, shown string) *http.Client {
	span := trace.SpanFromContext(ctx)
	if !span.SpanContext().IsValid() {
		return client
	}
	tp := safeURLProvider{tp: span.TracerProvider(), full: full, shown: shown}
	c := *client
	c.Transport = otelhttp.NewTransport(client.Transport,
		otelhttp.WithTracerProvider(tp),
		otelhttp.WithPropagators(propagation.TraceContext{}),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return r.Method }),
	)
	return &c
}

type safeURLProvider struct {
	embedded.TracerProvider
	tp          trace.TracerProvider
	full, shown string
}

func (p safeURLProvider) Tracer(name string, opts ...trace.TracerOption) trace.Tracer {
	return safeURLTracer{t: p.tp.Tracer(name, opts...), full: p.full, shown: p.shown}
}

type safeURLTracer struct {
	embedded.Tracer
	t           trace.Tracer
	full, shown string
}

func (t safeURLTracer) Start(ctx context.Context, name string, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	ctx, s := t.t.Start(ctx, name, opts...)
	s.SetAttributes(attribute.String("url.full", t.shown))
	safe := safeURLSpan{Span: s, full: t.full, shown: t.shown}
	return trace.ContextWithSpan(ctx, safe), safe
}

type safeURLSpan struct {
	trace.Span
	full, shown string
}

func (s safeURLSpan) clean(msg string) string {
	if s.full == "" {
		return msg
	}
	return strings.ReplaceAll(msg, s.full, s.shown)
}

func (s safeURLSpan) SetStatus(code codes.Code, desc string) { s.Span.SetStatus(code, s.clean(desc)) }

func (s safeURLSpan) RecordError(err error, opts ...trace.EventOption) {
	if err != nil {
		err = errors.New(s.clean(err.Error()))
	}
	s.Span.RecordError(err, opts...)
}

func (s safeURLSpan) SetAttributes(kv ...attribute.KeyValue) {
	for i := range kv {
		if kv[i].Key == "url.full" {
			kv[i] = attribute.String("url.full", s.shown)
		}
	}
	s.Span.SetAttributes(kv...)
}

// appendTraceContext appends TRACEPARENT (and TRACESTATE) of the span in ctx
// to env, when ctx holds one: a traced program started by an exec pipe
// continues the attempt's trace. They come last, so they win over inherited
// ones.
func appendTraceContext(ctx context.Context, env []string) []string {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return env
	}
	c := propagation.MapCarrier{}
	propagation.TraceContext{}.Inject(ctx, c)
	env = append(env, "TRACEPARENT="+c["traceparent"])
	if ts := c["tracestate"]; ts != "" {
		env = append(env, "TRACESTATE="+ts)
	}
	return env
}
