package metrics_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
)

func TestPush(t *testing.T) {
	type request struct{ method, path, body string }
	var (
		mu   sync.Mutex
		reqs []request
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		reqs = append(reqs, request{r.Method, r.URL.Path, string(b)})
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("test server on %s, want 127.0.0.1", srv.URL)
	}

	// Two pipelines on one registry: pushing one sends only its own series.
	reg := prometheus.NewRegistry()
	for _, name := range []string{"nightly", "hourly"} {
		c := metrics.New(name, metrics.Options{Version: "test"})
		if err := c.Register(reg); err != nil {
			t.Fatal(err)
		}
		new(script).runStarted().
			attempt("load", "load", 1, 0, time.Second, executor.AttemptOK, false).
			pipeFinished("load", "load", executor.StatusSucceeded, 1, time.Second).
			runFinished(executor.StatusSucceeded, time.Second).feed(c)
	}

	if err := metrics.Push(context.Background(), srv.URL, "nightly", reg); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reqs) != 1 {
		t.Fatalf("got %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.method != http.MethodPut && r.method != http.MethodPost {
		t.Errorf("method %s, want PUT or POST", r.method)
	}
	if !strings.Contains(r.path, "/metrics/job/dagrun/pipeline/nightly") {
		t.Errorf("path %q lacks /metrics/job/dagrun/pipeline/nightly", r.path)
	}
	// The body is protobuf-delimited; the label values are visible as bytes.
	if strings.Contains(r.body, "hourly") {
		t.Error("push of nightly carries hourly's series")
	}
	if !strings.Contains(r.body, metrics.PipeRunsTotal) || !strings.Contains(r.body, metrics.BuildInfo) {
		t.Errorf("push lacks %s or %s", metrics.PipeRunsTotal, metrics.BuildInfo)
	}
}

func TestPushReportsGatewayError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "nope", http.StatusBadRequest)
	}))
	defer srv.Close()
	reg := prometheus.NewRegistry()
	if err := metrics.New("p", metrics.Options{}).Register(reg); err != nil {
		t.Fatal(err)
	}
	if err := metrics.Push(context.Background(), srv.URL, "p", reg); err == nil {
		t.Error("Push succeeded against a gateway answering 400")
	}
}
