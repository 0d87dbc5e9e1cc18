package server_test

import (
	"net/http"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/dagrun/dagrun/server"
)

// A run triggered through the API continues the trace of the request's
// traceparent header; one triggered without it starts a trace of its own.
func TestTriggerContinuesRequestTrace(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	e := start(t, server.Options{TracerProvider: tp}, map[string]string{"quick": quick})

	const traceID, parentID = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	var ri server.RunInfo
	resp := e.doHeader("POST", "/api/v1/pipelines/quick/runs", "", true,
		http.Header{"Traceparent": {"00-" + traceID + "-" + parentID + "-01"}}, &ri)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST: %d", resp.StatusCode)
	}
	e.runUntil(ri.ID, final)
	untraced := e.trigger("quick")
	e.runUntil(untraced.ID, final)

	var runs []sdktrace.ReadOnlySpan
	for _, s := range rec.Ended() {
		if s.Name() == "run quick" {
			runs = append(runs, s)
		}
	}
	if len(runs) != 2 {
		t.Fatalf("%d run spans, want 2", len(runs))
	}
	first, second := runs[0], runs[1]
	if first.SpanContext().TraceID().String() != traceID || first.Parent().SpanID().String() != parentID || !first.Parent().IsRemote() {
		t.Errorf("first run: trace %s parent %s; want %s %s", first.SpanContext().TraceID(), first.Parent().SpanID(), traceID, parentID)
	}
	if second.SpanContext().TraceID().String() == traceID || second.Parent().IsValid() {
		t.Errorf("second run: trace %s parent %v; want a new root", second.SpanContext().TraceID(), second.Parent())
	}
}
