package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/dagrun/dagrun/tracing"
)

// startTracing sets up the traces the standard OTEL_* variables ask for
// (docs/tracing.md): it returns the TracerProvider of the runs (nil when
// tracing is off: then nothing of it is attached to a run) and the function
// that flushes the spans at exit.
func (e *env) startTracing(service string) (trace.TracerProvider, func(), error) {
	tp, err := tracing.NewProviderFromEnv(e.ctx, os.Getenv, service, version())
	if err != nil {
		return nil, func() {}, usageError("%v", err)
	}
	if tp == nil {
		return nil, func() {}, nil
	}
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := tp.Shutdown(ctx); err != nil {
			fmt.Fprintf(e.stderr, "warning: sending traces: %v\n", err)
		}
	}
	return tp, stop, nil
}

// continueTrace makes e.ctx continue the trace of this process's
// TRACEPARENT, if it has one: apply's run is then a part of the trace of
// what started it. serve and worker do not: their runs are many.
func (e *env) continueTrace() { e.ctx = tracing.FromEnviron(e.ctx, os.Getenv) }
