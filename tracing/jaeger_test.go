package tracing_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/dagrun/dagrun/internal/jaegertest"
	"github.com/dagrun/dagrun/tracing"
)

// poll calls ok until it holds, failing the test after limit (a bound on a
// hang, not an assertion on speed).
func poll(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestJaegerSpanTree(t *testing.T) {
	bin := jaegertest.Binary(t)
	otlp, query := jaegertest.Start(t, bin)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", otlp)
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
	t.Setenv("OTEL_TRACES_EXPORTER", "otlp")
	t.Setenv("OTEL_SERVICE_NAME", "dagrun-itest")
	t.Setenv("OTEL_BSP_SCHEDULE_DELAY", "100")

	ctx := context.Background()
	tp, err := tracing.NewProviderFromEnv(ctx, os.Getenv, "dagrun", "test")
	if err != nil || tp == nil {
		t.Fatalf("provider: %v, %v", tp, err)
	}
	// The run continues a trace of a fresh id, as apply does from its
	// TRACEPARENT.
	var tid [16]byte
	_, _ = rand.Read(tid[:])
	traceID := hex.EncodeToString(tid[:])
	ctx = tracing.FromEnviron(ctx, func(k string) string {
		if k == "TRACEPARENT" {
			return "00-" + traceID + "-00f067aa0ba902b7-01"
		}
		return ""
	})
	srv := jaegertest.TracedServer(t, tp)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	runTraced(t, ctx, tp, jaegertest.PipelineSource(srv.URL, []string{self}))
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}

	var spans []jaegertest.Span
	poll(t, 60*time.Second, "the whole trace in Jaeger", func() bool {
		spans, err = jaegertest.Fetch(query, traceID)
		if err != nil {
			return false
		}
		tr := jaegertest.TreeOf(spans)
		_, child := tr["child/child work"]
		_, server := tr["call/hello"]
		_, run := tr["run traced"]
		return child && server && run
	})
	tr := jaegertest.TreeOf(spans)
	jaegertest.CheckTree(t, tr, "child work")
	if t.Failed() {
		for n := range tr {
			t.Logf("%s: parent %s", n, tr.ParentName(n))
		}
	}
}
