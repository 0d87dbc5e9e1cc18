// Package jaegertest runs a real Jaeger v2 for the tests that check the
// traces dagrun sends (the tracing package's, the Temporal integration
// tests'): found where .ci/run builds it, started with an in-memory store and
// every endpoint on 127.0.0.1 at free ports, waited for by polling, and read
// back through its HTTP query API.
package jaegertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Version is the Jaeger release .ci/run builds.
const Version = "v1.75.0"

// Binary finds the Jaeger v2 binary: $DAGRUN_JAEGER, jaeger on PATH, or
// where .ci/run builds it ($DAGRUN_CI_CACHE/jaeger-VERSION/jaeger). Without
// one the test fails under DAGRUN_REQUIRE_JAEGER=1 (CI) and is skipped,
// loudly, otherwise.
func Binary(t testing.TB) string {
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
	candidates = append(candidates, filepath.Join(cache, "jaeger-"+Version, "jaeger"))
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

// config is Jaeger's: an in-memory store, the OTLP receivers and the query
// API only, each on 127.0.0.1 at the port given (query HTTP, query gRPC,
// OTLP gRPC, OTLP HTTP), its own metrics off.
const config = `service:
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
`

// Start runs Jaeger until the test ends and returns its OTLP/HTTP endpoint
// and its query API's base URL once both answer.
func Start(t testing.TB, bin string) (otlp, query string) {
	t.Helper()
	var ports [4]int
	for i := range ports {
		ports[i] = freePort(t)
	}
	path := filepath.Join(t.TempDir(), "jaeger.yaml")
	if err := os.WriteFile(path, fmt.Appendf(nil, config, ports[0], ports[1], ports[2], ports[3]), 0o600); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	cmd := exec.Command(bin, "--config", path)
	cmd.Stdout, cmd.Stderr = logs, logs
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
	deadline := time.Now().Add(60 * time.Second) // a bound on a hang, not on speed
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

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Span is a span of a trace as Jaeger's query API gives it.
type Span struct {
	ID, Parent string // Parent: the span it is a CHILD_OF, "" for a root
	Name       string
	Service    string
	Tags       map[string]string // attributes, and otel.status_code/_description
}

// Fetch reads trace id from the query API at query.
func Fetch(query, id string) ([]Span, error) {
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
	var out []Span
	for _, d := range jt.Data {
		for _, s := range d.Spans {
			sp := Span{ID: s.SpanID, Name: s.OperationName, Service: d.Processes[s.ProcessID].ServiceName, Tags: map[string]string{}}
			for _, r := range s.References {
				if r.RefType == "CHILD_OF" {
					sp.Parent = r.SpanID
				}
			}
			for _, tag := range s.Tags {
				sp.Tags[tag.Key] = fmt.Sprint(tag.Value)
			}
			out = append(out, sp)
		}
	}
	return out, nil
}

// syncBuffer is a bytes.Buffer safe for the process's two streams and a
// reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
