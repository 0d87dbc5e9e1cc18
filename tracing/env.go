package tracing

import (
	"context"
	"fmt"
	"strings"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
)

// Enabled reports whether the standard variables (read with getenv) ask for
// traces: OTEL_TRACES_EXPORTER is otlp, or it is unset and an OTLP endpoint
// (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set;
// OTEL_SDK_DISABLED=true and OTEL_TRACES_EXPORTER=none turn them off.
func Enabled(getenv func(string) string) bool {
	if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") {
		return false
	}
	switch exp := strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER")); exp {
	case "":
		return getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
	case "none":
		return false
	default:
		return true
	}
}

// Provider is a TracerProvider built from the environment; its Shutdown
// flushes the spans still buffered and stops it.
type Provider struct {
	*sdktrace.TracerProvider
}

// NewProviderFromEnv returns a TracerProvider configured by the standard
// variables, or nil when Enabled says traces are off:
//
//   - OTEL_TRACES_EXPORTER: otlp (the only exporter), or none;
//   - OTEL_EXPORTER_OTLP_PROTOCOL (or ..._TRACES_PROTOCOL): http/protobuf,
//     the only one (OTLP over HTTP, what collectors, Jaeger and Tempo take
//     on port 4318);
//   - OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT), ..._HEADERS and
//     ..._TIMEOUT;
//   - OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES: the resource
//     (service.name defaults to serviceName);
//   - OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG, read by the SDK.
//
// An unknown exporter or protocol is an error. The exporter's variables are
// read with getenv; the resource's and the sampler's by the SDK, from the
// process's environment.
func NewProviderFromEnv(ctx context.Context, getenv func(string) string, serviceName, version string) (*Provider, error) {
	if !Enabled(getenv) {
		return nil, nil
	}
	if exp := strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER")); exp != "" && exp != "otlp" {
		return nil, fmt.Errorf("OTEL_TRACES_EXPORTER=%q: dagrun exports traces with otlp (or none)", exp)
	}
	protocol := getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
	if protocol == "" {
		protocol = getenv("OTEL_EXPORTER_OTLP_PROTOCOL")
	}
	if protocol != "" && protocol != "http/protobuf" {
		return nil, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL=%q: dagrun sends OTLP over HTTP (http/protobuf)", protocol)
	}
	exp, err := newOTLPExporter(getenv)
	if err != nil {
		return nil, err
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(semconv.ServiceName(serviceName), semconv.ServiceVersion(version)),
		resource.WithFromEnv(), // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win
		resource.WithTelemetrySDK(),
	)
	if err != nil {
		return nil, fmt.Errorf("OTEL_RESOURCE_ATTRIBUTES: %w", err)
	}
	return &Provider{sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res), sdktrace.WithIDGenerator(IDGenerator()))}, nil
}

// Propagator is the W3C trace context, the one format dagrun reads and
// writes (TRACEPARENT/TRACESTATE, traceparent/tracestate headers).
var propagator = propagation.TraceContext{}

// Propagator returns the W3C trace-context propagator.
func Propagator() propagation.TextMapPropagator { return propagator }

// FromEnviron returns ctx with the remote span context of TRACEPARENT and
// TRACESTATE (read with getenv), ctx itself when TRACEPARENT is unset or
// malformed.
func FromEnviron(ctx context.Context, getenv func(string) string) context.Context {
	tp := getenv("TRACEPARENT")
	if tp == "" {
		return ctx
	}
	return propagator.Extract(ctx, propagation.MapCarrier{"traceparent": tp, "tracestate": getenv("TRACESTATE")})
}

// Environ returns the TRACEPARENT (and TRACESTATE) entries, in os/exec's
// KEY=value form, of the span in ctx; nil when ctx holds no valid span.
func Environ(ctx context.Context) []string {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return nil
	}
	c := propagation.MapCarrier{}
	propagator.Inject(ctx, c)
	out := []string{"TRACEPARENT=" + c["traceparent"]}
	if ts := c["tracestate"]; ts != "" {
		out = append(out, "TRACESTATE="+ts)
	}
	return out
}
