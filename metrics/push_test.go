package metrics_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

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
	// It reads the last push first (see TestPushIsCumulative), then pushes.
	if len(reqs) != 2 || reqs[0].method != http.MethodGet || reqs[0].path != "/metrics" {
		t.Fatalf("got requests %+v, want GET /metrics then the push", reqs)
	}
	r := reqs[1]
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

// A push adds what the last push of the pipeline left on the gateway to the
// run's counters and histograms, keeps the run's gauges, and carries over
// the series the run has not; other pipelines' series are left alone.
func TestPushIsCumulative(t *testing.T) {
	const before = `# TYPE dagrun_pipeline_runs_total counter
dagrun_pipeline_runs_total{instance="",job="dagrun",pipeline="nightly",status="succeeded"} 4
dagrun_pipeline_runs_total{instance="",job="dagrun",pipeline="nightly",status="failed"} 2
dagrun_pipeline_runs_total{instance="",job="dagrun",pipeline="hourly",status="succeeded"} 100
# TYPE dagrun_pipe_last_success_timestamp_seconds gauge
dagrun_pipe_last_success_timestamp_seconds{instance="",job="dagrun",pipe="gone",pipeline="nightly"} 1.7e+09
dagrun_pipe_last_success_timestamp_seconds{instance="",job="dagrun",pipe="load",pipeline="nightly"} 1.6e+09
# TYPE dagrun_pipe_duration_seconds histogram
dagrun_pipe_duration_seconds_bucket{instance="",job="dagrun",pipe="load",pipeline="nightly",status="succeeded",le="1"} 3
dagrun_pipe_duration_seconds_bucket{instance="",job="dagrun",pipe="load",pipeline="nightly",status="succeeded",le="10"} 5
dagrun_pipe_duration_seconds_bucket{instance="",job="dagrun",pipe="load",pipeline="nightly",status="succeeded",le="+Inf"} 5
dagrun_pipe_duration_seconds_sum{instance="",job="dagrun",pipe="load",pipeline="nightly",status="succeeded"} 20
dagrun_pipe_duration_seconds_count{instance="",job="dagrun",pipe="load",pipeline="nightly",status="succeeded"} 5
# TYPE push_time_seconds gauge
push_time_seconds{instance="",job="dagrun",pipeline="nightly"} 1.7e+09
`
	var (
		mu     sync.Mutex
		pushed []byte
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, before)
			return
		}
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		pushed = b
		mu.Unlock()
	}))
	defer srv.Close()

	reg := prometheus.NewRegistry()
	c := metrics.New("nightly", metrics.Options{Version: "test", DurationBuckets: []float64{1, 10}})
	if err := c.Register(reg); err != nil {
		t.Fatal(err)
	}
	new(script).runStarted().
		attempt("load", "load", 1, 0, 2*time.Second, executor.AttemptOK, false).
		pipeFinished("load", "load", executor.StatusSucceeded, 1, 2*time.Second).
		runFinished(executor.StatusSucceeded, 2*time.Second).feed(c)
	if err := metrics.Push(context.Background(), srv.URL, "nightly", reg); err != nil {
		t.Fatal(err)
	}

	mu.Lock()
	defer mu.Unlock()
	got := map[string]float64{}
	dec := expfmt.NewDecoder(bytes.NewReader(pushed), expfmt.NewFormat(expfmt.TypeProtoDelim))
	for {
		var mf dto.MetricFamily
		if err := dec.Decode(&mf); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		for _, m := range mf.GetMetric() {
			key := mf.GetName()
			for _, l := range m.GetLabel() {
				key += "," + l.GetName() + "=" + l.GetValue()
			}
			switch {
			case m.Counter != nil:
				got[key] = m.Counter.GetValue()
			case m.Gauge != nil:
				got[key] = m.Gauge.GetValue()
			case m.Histogram != nil:
				got[key+",count"] = float64(m.Histogram.GetSampleCount())
				got[key+",sum"] = m.Histogram.GetSampleSum()
				for _, b := range m.Histogram.GetBucket() {
					got[key+",le="+strconv.FormatFloat(b.GetUpperBound(), 'g', -1, 64)] = float64(b.GetCumulativeCount())
				}
			}
		}
	}
	for key, want := range map[string]float64{
		"dagrun_pipeline_runs_total,status=succeeded":                   5,
		"dagrun_pipeline_runs_total,status=failed":                      2,
		"dagrun_pipe_last_success_timestamp_seconds,pipe=gone":          1.7e9,
		"dagrun_pipe_duration_seconds,pipe=load,status=succeeded,count": 6,
		"dagrun_pipe_duration_seconds,pipe=load,status=succeeded,sum":   22,
		"dagrun_pipe_duration_seconds,pipe=load,status=succeeded,le=1":  3,
		"dagrun_pipe_duration_seconds,pipe=load,status=succeeded,le=10": 6,
		"dagrun_pipe_runs_total,pipe=load,status=succeeded":             1,
	} {
		if v, ok := got[key]; !ok || v != want {
			t.Errorf("%s = %v (present %v), want %v", key, v, ok, want)
		}
	}
	// The run's own gauge wins over the last push's.
	if v := got["dagrun_pipe_last_success_timestamp_seconds,pipe=load"]; v == 1.6e9 || v == 0 {
		t.Errorf("load's last success = %v, want this run's", v)
	}
	for key := range got {
		if strings.Contains(key, "hourly") || strings.HasPrefix(key, "push_time") {
			t.Errorf("pushed %s", key)
		}
	}
}
