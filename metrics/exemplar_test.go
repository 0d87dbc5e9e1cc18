package metrics_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
)

// A traced run's durations carry its trace id as exemplars in the
// OpenMetrics exposition; an untraced run's carry none.
func TestExemplarsOfTracedRun(t *testing.T) {
	for _, traced := range []bool{false, true} {
		reg := prometheus.NewRegistry()
		c, err := metrics.ForPipeline(reg, "p", []string{"a"}, "test")
		if err != nil {
			t.Fatal(err)
		}
		var obs executor.Observer = c
		const id = "4bf92f3577b34da6a3ce929d0e0e4736"
		if traced {
			obs = c.WithExemplars(func(string) string { return id })
		}
		at := time.Unix(1700000000, 0)
		obs.Event(executor.Event{Type: executor.EventRunStarted, Time: at})
		obs.Event(executor.Event{Type: executor.EventAttemptStarted, Node: "a", Pipe: "a", Attempt: 1, Time: at})
		obs.Event(executor.Event{Type: executor.EventAttemptFinished, Node: "a", Pipe: "a", Attempt: 1, Duration: 3 * time.Second, Time: at.Add(3 * time.Second)})
		obs.Event(executor.Event{Type: executor.EventPipeFinished, Node: "a", Pipe: "a", Attempt: 1, Status: executor.StatusSucceeded, Duration: 3 * time.Second, Time: at.Add(3 * time.Second)})
		obs.Event(executor.Event{Type: executor.EventRunFinished, Status: executor.StatusSucceeded, Duration: 4 * time.Second, Time: at.Add(4 * time.Second)})

		srv := httptest.NewServer(metrics.Handler(reg))
		req, _ := http.NewRequest("GET", srv.URL, nil)
		req.Header.Set("Accept", "application/openmetrics-text; version=1.0.0")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		resp.Body.Close()
		srv.Close()
		text := buf.String()
		want := map[string]string{
			metrics.PipeDurationSeconds + `_bucket{pipe="a",pipeline="p",status="succeeded",le="5.0"} 1 # {trace_id="` + id + `"} 3.0 1.700000003e+09`: "pipe",
			metrics.PipeAttemptDurationSeconds + `_bucket{pipe="a",pipeline="p",le="5.0"} 1 # {trace_id="` + id + `"} 3.0 1.700000003e+09`:             "attempt",
			`# {trace_id="` + id + `"} 4.0`: "pipeline",
		}
		for line, what := range want {
			if got := strings.Contains(text, line); got != traced {
				t.Errorf("traced %v: %s exemplar present %v, want %v:\n%s", traced, what, got, traced, text)
			}
		}
	}
}
