package itest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dagrun/dagrun/internal/jaegertest"
	"github.com/dagrun/dagrun/tracing"
)

// A run on the Temporal engine draws the same span tree as a local run of
// the same pipeline (a diamond, a retried pipe, a composite, a fan-out, an
// http pipe calling a traced server, an exec pipe that is a small traced
// program): apply's run and pipe spans, the workflow carrying the trace
// context to the activities, each worker's attempt span under its pipe's
// span, the http client's span and the child's span under their attempt.
// The spans go to a real Jaeger and are read back from its API.
func TestTraceAcrossTemporal(t *testing.T) {
	bin := jaegertest.Binary(t)
	otlp, query := jaegertest.Start(t, bin)
	env := append(os.Environ(),
		"OTEL_EXPORTER_OTLP_ENDPOINT="+otlp,
		"OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
		"OTEL_BSP_SCHEDULE_DELAY=100",
	)
	getenv := func(k string) string {
		for _, kv := range env {
			if v, ok := strings.CutPrefix(kv, k+"="); ok {
				return v
			}
		}
		return ""
	}
	tp, err := tracing.NewProviderFromEnv(context.Background(), getenv, "itest-server", "test")
	if err != nil || tp == nil {
		t.Fatalf("provider: %v, %v", tp, err)
	}
	srv := jaegertest.TracedServer(t, tp)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := writePipeline(t, jaegertest.PipelineSource(srv.URL, []string{self}))
	var tid [16]byte
	_, _ = rand.Read(tid[:])
	traceID := hex.EncodeToString(tid[:])

	queue := queueName(t)
	w := exec.Command(dagrunBin, "worker", "--temporal-address", address, "--task-queue", queue)
	w.Env = append(env, "OTEL_SERVICE_NAME=itest-worker")
	var wlogs syncBuffer
	w.Stdout, w.Stderr = &wlogs, &wlogs
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	wdone := make(chan struct{})
	go func() { _ = w.Wait(); close(wdone) }()
	stopWorker := func() {
		_ = w.Process.Signal(syscall.SIGTERM) // it flushes its spans as it stops
		select {
		case <-wdone:
		case <-time.After(30 * time.Second):
			_ = w.Process.Kill()
			<-wdone
		}
	}
	t.Cleanup(func() {
		stopWorker()
		if t.Failed() {
			t.Logf("worker logs:\n%s", wlogs.String())
		}
	})

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	apply := exec.CommandContext(ctx, dagrunBin, "apply", path, "--engine", "temporal", "--temporal-address", address, "--task-queue", queue)
	apply.Env = append(env, "OTEL_SERVICE_NAME=itest-apply", "TRACEPARENT=00-"+traceID+"-00f067aa0ba902b7-01")
	if out, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	stopWorker()
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	// A pipe failing on its first attempt is no error of the worker's.
	if logs := wlogs.String(); strings.Contains(logs, "level=ERROR") {
		t.Errorf("the worker logged an error for an ordinary retry:\n%s", logs)
	}

	var spans []jaegertest.Span
	deadline := time.Now().Add(60 * time.Second)
	for {
		spans, err = jaegertest.Fetch(query, traceID)
		if err == nil {
			tr := jaegertest.TreeOf(spans)
			_, child := tr["child/child work"]
			_, server := tr["call/hello"]
			_, run := tr["run traced"]
			_, flaky := tr["flaky/attempt 2"]
			if child && server && run && flaky {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the trace never had the spans of apply, the worker, the server and the child: %v %+v", err, spans)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The local run's tree.
	tr := jaegertest.TreeOf(spans)
	jaegertest.CheckTree(t, tr, "child work")
	if run := tr["run traced"]; run.Parent != "00f067aa0ba902b7" {
		t.Errorf("run span's parent = %q, want apply's TRACEPARENT", run.Parent)
	}
	// Pipes are apply's spans, attempts the worker's; no attempt twice.
	for name, s := range tr {
		want := "itest-apply"
		switch {
		case strings.Contains(name, "/attempt "), name == "call/GET":
			want = "itest-worker"
		case name == "call/hello":
			want = "itest-server"
		case strings.HasPrefix(name, "child/child work"):
			want = "itest-worker" // the child inherits its worker's OTEL_SERVICE_NAME
		}
		if s.Service != want {
			t.Errorf("span %s: service %q, want %s", name, s.Service, want)
		}
		if strings.HasSuffix(name, "#2") {
			t.Errorf("span %s is there twice", strings.TrimSuffix(name, "#2"))
		}
	}
	if t.Failed() {
		for n, s := range tr {
			t.Logf("%s (%s): parent %s", n, s.Service, tr.ParentName(n))
		}
	}
}
