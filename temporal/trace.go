package temporal

import (
	"context"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun/tracing"
)

// traceHeader is the Temporal header that carries the W3C trace context of
// a run: from the client that starts the workflow, through the workflow, to
// each pipe activity.
const traceHeader = "dagrun-trace"

// TracePropagator returns the context propagator that carries a run's trace
// from the client to the workflow and its activities: give it in
// client.Options.ContextPropagators of the client that starts runs and of
// the workers' clients. It carries only the trace context (traceparent,
// tracestate), never a value of the run.
func TracePropagator() workflow.ContextPropagator { return tracePropagator{} }

type tracePropagator struct{}

type traceCarrierKey struct{}

func (tracePropagator) Inject(ctx context.Context, hw workflow.HeaderWriter) error {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return nil
	}
	c := propagation.MapCarrier{}
	tracing.Propagator().Inject(ctx, c)
	return writeCarrier(hw, c)
}

func (tracePropagator) Extract(ctx context.Context, hr workflow.HeaderReader) (context.Context, error) {
	c, err := readCarrier(hr)
	if err != nil || c == nil {
		return ctx, err
	}
	return tracing.Propagator().Extract(ctx, c), nil
}

// In the workflow the trace context is only passed on: a workflow must be
// deterministic, so it opens no span of its own.
func (tracePropagator) InjectFromWorkflow(ctx workflow.Context, hw workflow.HeaderWriter) error {
	c, _ := ctx.Value(traceCarrierKey{}).(propagation.MapCarrier)
	if c == nil {
		return nil
	}
	return writeCarrier(hw, c)
}

func (tracePropagator) ExtractToWorkflow(ctx workflow.Context, hr workflow.HeaderReader) (workflow.Context, error) {
	c, err := readCarrier(hr)
	if err != nil || c == nil {
		return ctx, err
	}
	return workflow.WithValue(ctx, traceCarrierKey{}, c), nil
}

func writeCarrier(hw workflow.HeaderWriter, c propagation.MapCarrier) error {
	p, err := converter.GetDefaultDataConverter().ToPayload(map[string]string(c))
	if err != nil {
		return err
	}
	hw.Set(traceHeader, p)
	return nil
}

func readCarrier(hr workflow.HeaderReader) (propagation.MapCarrier, error) {
	p, ok := hr.Get(traceHeader)
	if !ok {
		return nil, nil
	}
	var m map[string]string
	if err := converter.GetDefaultDataConverter().FromPayload(p, &m); err != nil {
		return nil, err
	}
	return propagation.MapCarrier(m), nil
}
