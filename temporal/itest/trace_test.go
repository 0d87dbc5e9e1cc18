package itest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A run on the Temporal engine is one trace: apply's run span, the workflow
// carrying the trace context to the activities, the worker's span per
// attempt (retries as siblings), and an exec pipe's TRACEPARENT naming the
// worker's attempt span. The spans go to a real Jaeger and are read back
// from its API.
func TestTraceAcrossTemporal(t *testing.T) {
	bin := jaegerBinary(t)
	otlp, query := startJaeger(t, bin)
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

	var spans []jaegerSpan
	deadline := time.Now().Add(60 * time.Second)
	for {
		spans, err = fetchTrace(query, traceID)
		if err == nil && spanNamed(spans, "run itest") != nil && spanNamed(spans, "show attempt 1") != nil && spanNamed(spans, "flaky attempt 2") != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the trace never had the spans of apply and the worker: %v %+v", err, spans)
		}
		time.Sleep(100 * time.Millisecond)
	}
	run := spanNamed(spans, "run itest")
	if run.parent != "00f067aa0ba902b7" {
		t.Errorf("run span's parent = %q, want apply's TRACEPARENT", run.parent)
	}
	for _, name := range []string{"flaky attempt 1", "flaky attempt 2", "show attempt 1"} {
		s := spanNamed(spans, name)
		if s == nil {
			t.Errorf("no span %q", name)
			continue
		}
		if s.parent != run.id {
			t.Errorf("%s: parent %s, want the run's span %s", name, s.parent, run.id)
		}
		if s.service != "itest-worker" {
			t.Errorf("%s: service %q, want itest-worker", name, s.service)
		}
	}
	if s := spanNamed(spans, "flaky attempt 1"); s != nil && (s.tags["otel.status_code"] != "ERROR" || s.tags["dagrun.exit_code"] != "1") {
		t.Errorf("flaky attempt 1: tags %v, want an error with exit code 1", s.tags)
	}
	if spanNamed(spans, "flaky attempt 3") != nil {
		t.Error("flaky has a third attempt")
	}
	if s := spanNamed(spans, "show attempt 1"); s != nil && parts[2] != s.id {
		t.Errorf("the exec pipe's TRACEPARENT names span %s, want its attempt's %s", parts[2], s.id)
	}
	// apply's own spans of the pipes (from the run's events) are there too.
	for _, name := range []string{"flaky", "show"} {
		if s := spanNamed(spans, name); s == nil || s.parent != run.id {
			t.Errorf("apply's span of pipe %s: %+v", name, s)
		}
	}
}

type jaegerSpan struct {
	id, parent, name, service string
	tags                      map[string]string
}

func spanNamed(spans []jaegerSpan, name string) *jaegerSpan {
	for i := range spans {
		if spans[i].name == name {
			return &spans[i]
		}
	}
	return nil
}

func fetchTrace(query, id string) ([]jaegerSpan, error) {
	resp, err := http.Get(query + "/api/traces/" + id)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s", resp.Status)
	}
	var jt struct {
		Data []struct {
			Spans []struct {
				SpanID        string `json:"spanID"`
				OperationName string `json:"operationName"`
				ProcessID     string `json:"processID"`
				References    []struct {
					RefType string `json:"refType"`
					SpanID  string `json:"spanID"`
				} `json:"references"`
				Tags []struct {
					Key   string `json:"key"`
					Value any    `json:"value"`
				} `json:"tags"`
			} `json:"spans"`
			Processes map[string]struct {
				ServiceName string `json:"serviceName"`
			} `json:"processes"`
		} `json:"data"`
	}
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(&jt); err != nil {
		return nil, err
	}
	var out []jaegerSpan
	for _, d := range jt.Data {
		for _, s := range d.Spans {
			js := jaegerSpan{id: s.SpanID, name: s.OperationName, service: d.Processes[s.ProcessID].ServiceName, tags: map[string]string{}}
			for _, r := range s.References {
				if r.RefType == "CHILD_OF" {
					js.parent = r.SpanID
				}
			}
			for _, tag := range s.Tags {
				js.tags[tag.Key] = fmt.Sprint(tag.Value)
			}
			out = append(out, js)
		}
	}
	return out, nil
}

// jaegerBinary finds the Jaeger v2 binary as the module's tracing tests do:
// $DAGRUN_JAEGER, jaeger on PATH, or where .ci/run builds it; without one
// the test fails under DAGRUN_REQUIRE_JAEGER=1 and is skipped otherwise.
func jaegerBinary(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("DAGRUN_JAEGER")}
	if p, err := exec.LookPath("jaeger"); err == nil {
		candidates = append(candidates, p)
	}
	cache := os.Getenv("DAGRUN_CI_CACHE")
	if cache == "" {
		if c, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(c, "dagrun-ci")
		}
	}
	candidates = append(candidates, filepath.Join(cache, "jaeger-v1.75.0", "jaeger"))
	for _, c := range candidates {
		if fi, err := os.Stat(c); c != "" && err == nil && !fi.IsDir() {
			return c
		}
	}
	if os.Getenv("DAGRUN_REQUIRE_JAEGER") == "1" {
		t.Fatalf("DAGRUN_REQUIRE_JAEGER=1 but no Jaeger binary (looked at %q)", candidates)
	}
	t.Skipf("SKIPPED: no Jaeger binary (looked at %q); .ci/run builds one, or set DAGRUN_JAEGER", candidates)
	return ""
}

// startJaeger runs Jaeger with an in-memory store, everything on 127.0.0.1
// at free ports, until the test ends; it returns the OTLP/HTTP endpoint and
// the query API's base URL once both answer.
func startJaeger(t *testing.T, bin string) (otlp, query string) {
	t.Helper()
	ports, err := freePorts(4)
	if err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  jaeger_query:
    storage:
      traces: mem
    http:
      endpoint: 127.0.0.1:%d
    grpc:
      endpoint: 127.0.0.1:%d
  jaeger_storage:
    backends:
      mem:
        memory:
          max_traces: 10000
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:%d
      http:
        endpoint: 127.0.0.1:%d
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: mem
`, ports[0], ports[1], ports[2], ports[3])
	path := filepath.Join(t.TempDir(), "jaeger.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	cmd := exec.Command(bin, "--config", path)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("jaeger's log:\n%s", logs.String())
		}
	})
	query = fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	otlp = fmt.Sprintf("http://127.0.0.1:%d", ports[3])
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-exited:
			t.Fatalf("jaeger exited:\n%s", logs.String())
		default:
		}
		if resp, err := http.Get(query + "/api/services"); err == nil {
			resp.Body.Close()
			if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", ports[3])); err == nil && resp.StatusCode == http.StatusOK {
				c.Close()
				return otlp, query
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("jaeger not ready after 60s:\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
