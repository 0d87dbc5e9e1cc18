package tracing_test

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
	"testing"
	"time"

	"github.com/dagrun/dagrun/tracing"
)

// tracedChild is what the test binary does when an exec pipe of the Jaeger
// test runs it: a small traced program that continues the trace of its
// TRACEPARENT with one span of its own, exported to the same collector.
func tracedChild() int {
	ctx := context.Background()
	tp, err := tracing.NewProviderFromEnv(ctx, os.Getenv, "traced-child", "test")
	if err != nil || tp == nil {
		fmt.Fprintln(os.Stderr, "traced child: no tracer provider:", err)
		return 1
	}
	_, span := tp.Tracer("traced-child").Start(tracing.FromEnviron(ctx, os.Getenv), "child work")
	span.End()
	if err := tp.Shutdown(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "traced child:", err)
		return 1
	}
	return 0
}

// jaegerBinary finds the Jaeger v2 binary: $DAGRUN_JAEGER, jaeger on PATH,
// or where .ci/run builds it. With DAGRUN_REQUIRE_JAEGER=1 (CI) a missing
// binary fails the test; otherwise it is skipped, loudly.
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
		if c == "" {
			continue
		}
		if fi, err := os.Stat(c); err == nil && !fi.IsDir() {
			return c
		}
	}
	if os.Getenv("DAGRUN_REQUIRE_JAEGER") == "1" {
		t.Fatalf("DAGRUN_REQUIRE_JAEGER=1 but no Jaeger binary (looked at %q)", candidates)
	}
	t.Skipf("SKIPPED: no Jaeger binary (looked at %q); .ci/run builds one, or set DAGRUN_JAEGER", candidates)
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startJaeger runs Jaeger with an in-memory store, everything on 127.0.0.1
// at free ports, and waits until its query API answers and its OTLP
// receiver accepts connections. It returns the OTLP/HTTP endpoint and the
// query API's base URL.
func startJaeger(t *testing.T, bin string) (otlp, query string) {
	t.Helper()
	otlpHTTP, otlpGRPC, queryHTTP, queryGRPC := freePort(t), freePort(t), freePort(t), freePort(t)
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
`, queryHTTP, queryGRPC, otlpGRPC, otlpHTTP)
	path := filepath.Join(t.TempDir(), "jaeger.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
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
	query = fmt.Sprintf("http://127.0.0.1:%d", queryHTTP)
	otlp = fmt.Sprintf("http://127.0.0.1:%d", otlpHTTP)
	poll(t, 60*time.Second, "Jaeger to answer", func() bool {
		select {
		case <-exited:
			t.Fatalf("jaeger exited:\n%s", logs.String())
		default:
		}
		resp, err := http.Get(query + "/api/services")
		if err != nil {
			return false
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return false
		}
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", otlpHTTP))
		if err != nil {
			return false
		}
		c.Close()
		return true
	})
	return otlp, query
}

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

type jaegerTrace struct {
	Data []struct {
		Spans []struct {
			SpanID        string `json:"spanID"`
			OperationName string `json:"operationName"`
			References    []struct {
				RefType string `json:"refType"`
				SpanID  string `json:"spanID"`
			} `json:"references"`
			Tags []struct {
				Key   string `json:"key"`
				Value any    `json:"value"`
			} `json:"tags"`
		} `json:"spans"`
	} `json:"data"`
}

// fetchTrace reads trace id from Jaeger's HTTP API as spans.
func fetchTrace(query, id string) ([]span, error) {
	resp, err := http.Get(query + "/api/traces/" + id)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s", resp.Status)
	}
	var jt jaegerTrace
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(&jt); err != nil {
		return nil, err
	}
	var out []span
	for _, d := range jt.Data {
		for _, s := range d.Spans {
			sp := span{id: s.SpanID, name: s.OperationName, attrs: map[string]string{}}
			for _, r := range s.References {
				if r.RefType == "CHILD_OF" {
					sp.parent = r.SpanID
				}
			}
			for _, tag := range s.Tags {
				v := fmt.Sprint(tag.Value)
				switch tag.Key {
				case "otel.status_code":
					sp.err = v == "ERROR"
				case "otel.status_description":
					sp.statusMsg = v
				}
				sp.attrs[tag.Key] = v
			}
			out = append(out, sp)
		}
	}
	return out, nil
}

func TestJaegerSpanTree(t *testing.T) {
	bin := jaegerBinary(t)
	otlp, query := startJaeger(t, bin)
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
	srv := tracedServer(t, tp)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	runTraced(t, ctx, tp, pipelineSource(srv.URL, []string{self}))
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}

	var spans []span
	poll(t, 60*time.Second, "the whole trace in Jaeger", func() bool {
		spans, err = fetchTrace(query, traceID)
		if err != nil {
			return false
		}
		tr := treeOf(spans)
		_, child := tr["child/child work"]
		_, server := tr["call/hello"]
		_, run := tr["run traced"]
		return child && server && run
	})
	tr := treeOf(spans)
	checkTree(t, tr, "child work")
	if t.Failed() {
		for n := range tr {
			t.Logf("%s: parent %s", n, tr.parentName(n))
		}
	}
}
