package itest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dagrun/dagrun/internal/jaegertest"
)

// A run on the Temporal engine is one trace: apply's run span, the workflow
// carrying the trace context to the activities, the worker's span per
// attempt (retries as siblings), and an exec pipe's TRACEPARENT naming the
// worker's attempt span. The spans go to a real Jaeger and are read back
// from its API.
func TestTraceAcrossTemporal(t *testing.T) {
	bin := jaegertest.Binary(t)
	otlp, query := jaegertest.Start(t, bin)
	dir := t.TempDir()
	tpFile := filepath.Join(dir, "traceparent")
	path := writePipeline(t, fmt.Sprintf(`
pipe "flaky" {
  use         = "exec"
  retries     = 2
  retry_delay = "100ms"
  script      = "[ \"$DAGRUN_ATTEMPT\" -ge 2 ]"
}

pipe "show" {
  use        = "exec"
  depends_on = [pipe.flaky]
  script     = "printf '%%s' \"$TRACEPARENT\" > %s"
}
`, tpFile))
	var tid [16]byte
	_, _ = rand.Read(tid[:])
	traceID := hex.EncodeToString(tid[:])
	env := append(os.Environ(),
		"OTEL_EXPORTER_OTLP_ENDPOINT="+otlp,
		"OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
		"OTEL_BSP_SCHEDULE_DELAY=100",
	)

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
	// A pipe failing on its first attempt is no error of the worker's.
	if logs := wlogs.String(); strings.Contains(logs, "level=ERROR") {
		t.Errorf("the worker logged an error for an ordinary retry:\n%s", logs)
	}

	b, err := os.ReadFile(tpFile)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(string(b), "-")
	if len(parts) != 4 || parts[1] != traceID {
		t.Fatalf("the exec pipe's TRACEPARENT %q is not in trace %s", b, traceID)
	}

	var spans []jaegertest.Span
	deadline := time.Now().Add(60 * time.Second)
	for {
		spans, err = jaegertest.Fetch(query, traceID)
		if err == nil && spanNamed(spans, "run itest") != nil && spanNamed(spans, "show attempt 1") != nil && spanNamed(spans, "flaky attempt 2") != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the trace never had the spans of apply and the worker: %v %+v", err, spans)
		}
		time.Sleep(100 * time.Millisecond)
	}
	run := spanNamed(spans, "run itest")
	if run.Parent != "00f067aa0ba902b7" {
		t.Errorf("run span's parent = %q, want apply's TRACEPARENT", run.Parent)
	}
	for _, name := range []string{"flaky attempt 1", "flaky attempt 2", "show attempt 1"} {
		s := spanNamed(spans, name)
		if s == nil {
			t.Errorf("no span %q", name)
			continue
		}
		if s.Parent != run.ID {
			t.Errorf("%s: parent %s, want the run's span %s", name, s.Parent, run.ID)
		}
		if s.Service != "itest-worker" {
			t.Errorf("%s: service %q, want itest-worker", name, s.Service)
		}
	}
	if s := spanNamed(spans, "flaky attempt 1"); s != nil && (s.Tags["otel.status_code"] != "ERROR" || s.Tags["dagrun.exit_code"] != "1") {
		t.Errorf("flaky attempt 1: tags %v, want an error with exit code 1", s.Tags)
	}
	if spanNamed(spans, "flaky attempt 3") != nil {
		t.Error("flaky has a third attempt")
	}
	if s := spanNamed(spans, "show attempt 1"); s != nil && parts[2] != s.ID {
		t.Errorf("the exec pipe's TRACEPARENT names span %s, want its attempt's %s", parts[2], s.ID)
	}
	// apply's own spans of the pipes (from the run's events) are there too.
	for _, name := range []string{"flaky", "show"} {
		if s := spanNamed(spans, name); s == nil || s.Parent != run.ID {
			t.Errorf("apply's span of pipe %s: %+v", name, s)
		}
	}
}

// spanNamed returns the span called name, or nil.
func spanNamed(spans []jaegertest.Span, name string) *jaegertest.Span {
	for i := range spans {
		if spans[i].Name == name {
			return &spans[i]
		}
	}
	return nil
}
