package metrics_test

// The integration test runs the real thing: a Prometheus scraping dagrun's
// /metrics and a Pushgateway dagrun pushed to, and sends every query of the
// Grafana dashboard to that Prometheus. It needs the `prometheus` and
// `prometheus-pushgateway` binaries (Debian: apt-get install prometheus
// prometheus-pushgateway) and skips without them unless
// DAGRUN_REQUIRE_PROMETHEUS=1.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
)

// integrationDeadline bounds every wait of the integration test.
const integrationDeadline = 60 * time.Second

const (
	servedPipeline = "itest_served"
	pushedPipeline = "itest_pushed"
)

// target is something Prometheus scrapes: it serves dagrun metrics for pipeline
// on addr until the test ends.
type target struct {
	addr     string
	pipeline string
}

// startTarget starts the scrape target of the integration test.
//
// TODO: when cmd/dagrun exists, start the real binary instead, e.g.
//
//	go run ./cmd/dagrun apply metrics/testdata/itest.hcl --metrics-listen 127.0.0.1:PORT
//
// with a pipeline that loops (or `dagrun serve --listen`), waiting for PORT to
// answer; nothing else in the test needs to change.
var startTarget = startSyntheticTarget

// startSyntheticTarget serves a Collector that a goroutine feeds with a
// synthetic run every 100ms, so rates and quantiles have data.
func startSyntheticTarget(t *testing.T) target {
	reg := prometheus.NewRegistry()
	c := metrics.New(servedPipeline, metrics.Options{Version: "itest"})
	if err := c.Register(reg); err != nil {
		t.Fatal(err)
	}
	c.Init([]string{"fetch", "classify", "load", "notify"})

	ctx, cancel := context.WithCancel(context.Background())
	addr, wait, err := metrics.Serve(ctx, "127.0.0.1:0", reg)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			syntheticRun(i).feed(c)
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		if err := wait(); err != nil {
			t.Errorf("metrics server: %v", err)
		}
	})
	return target{addr: addr, pipeline: servedPipeline}
}

// syntheticRun is the i-th run of a small pipeline: fetch retries once then
// succeeds, classify fans out over three keys, load fails every other run and
// notify is then skipped. Events carry no time, so timestamps are "now".
func syntheticRun(i int) *script {
	s := &script{}
	add := func(e executor.Event) { s.events = append(s.events, e) }
	add(executor.Event{Type: executor.EventRunStarted})
	s.events = append(s.events, (&script{}).
		attempt("fetch", "fetch", 1, 20*time.Millisecond, 300*time.Millisecond, executor.AttemptError, true).
		attempt("fetch", "fetch", 2, 0, 200*time.Millisecond, executor.AttemptOK, false).events...)
	add(executor.Event{Type: executor.EventPipeFinished, Node: "fetch", Pipe: "fetch", Status: executor.StatusSucceeded, Attempt: 2, Duration: 1500 * time.Millisecond})
	for k := 0; k < 3; k++ {
		node := fmt.Sprintf("classify[%d]", k)
		key := fmt.Sprint(k)
		add(executor.Event{Type: executor.EventPipeReady, Node: node, Pipe: "classify", Key: key})
		add(executor.Event{Type: executor.EventAttemptStarted, Node: node, Pipe: "classify", Key: key, Attempt: 1, Wait: time.Duration(k) * 50 * time.Millisecond})
		add(executor.Event{Type: executor.EventAttemptFinished, Node: node, Pipe: "classify", Key: key, Attempt: 1, AttemptResult: executor.AttemptOK, Duration: 2 * time.Second})
		add(executor.Event{Type: executor.EventPipeFinished, Node: node, Pipe: "classify", Key: key, Status: executor.StatusSucceeded, Attempt: 1, Duration: 2 * time.Second})
	}
	status := executor.StatusSucceeded
	if i%2 == 1 {
		status = executor.StatusFailed
		s.events = append(s.events, (&script{}).
			attempt("load", "load", 1, 0, 5*time.Second, executor.AttemptTimeout, false).events...)
		add(executor.Event{Type: executor.EventPipeFinished, Node: "load", Pipe: "load", Status: executor.StatusFailed, Attempt: 1, Duration: 5 * time.Second})
		add(executor.Event{Type: executor.EventPipeFinished, Node: "notify", Pipe: "notify", Status: executor.StatusSkipped, Reason: executor.ReasonUpstreamFailed})
	} else {
		s.events = append(s.events, (&script{}).
			attempt("load", "load", 1, 0, 4*time.Second, executor.AttemptOK, false).events...)
		add(executor.Event{Type: executor.EventPipeFinished, Node: "load", Pipe: "load", Status: executor.StatusSucceeded, Attempt: 1, Duration: 4 * time.Second})
		s.events = append(s.events, (&script{}).
			attempt("notify", "notify", 1, 0, 100*time.Millisecond, executor.AttemptOK, false).events...)
		add(executor.Event{Type: executor.EventPipeFinished, Node: "notify", Pipe: "notify", Status: executor.StatusSucceeded, Attempt: 1, Duration: 100 * time.Millisecond})
	}
	add(executor.Event{Type: executor.EventRunFinished, Status: status, Duration: 9 * time.Second})
	for j := range s.events {
		s.events[j].Time = time.Time{} // "now", as far as the Collector is concerned
	}
	return s
}

func TestIntegrationDashboardQueriesAgainstPrometheus(t *testing.T) {
	promBin := tool(t, "prometheus")
	pushgatewayBin := tool(t, "prometheus-pushgateway")
	if testing.Short() && os.Getenv(requireEnv) != "1" {
		t.Skip("starts Prometheus and a Pushgateway; skipped in -short mode")
	}

	tgt := startTarget(t)
	gateway := startProcess(t, pushgatewayBin, "/-/ready", func(addr string) []string {
		return []string{
			"--web.listen-address=" + addr,
			"--persistence.file=" + filepath.Join(t.TempDir(), "pushgateway.data"),
		}
	})
	pushRuns(t, "http://"+gateway, pushedPipeline)

	alerts, err := filepath.Abs(filepath.Join(promExamples, "alerts.yml"))
	if err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(t.TempDir(), "prometheus.yml")
	writeFile(t, config, fmt.Sprintf(`global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - %q
scrape_configs:
  - job_name: dagrun
    static_configs:
      - targets: [%q]
  - job_name: pushgateway
    honor_labels: true
    static_configs:
      - targets: [%q]
`, alerts, tgt.addr, gateway))
	prom := startProcess(t, promBin, "/-/ready", func(addr string) []string {
		return []string{
			"--config.file=" + config,
			"--storage.tsdb.path=" + t.TempDir(),
			"--web.listen-address=" + addr,
			"--log.level=warn",
		}
	})
	api := "http://" + prom
	deadline := time.Now().Add(integrationDeadline)

	// Rates need two samples of the target: wait until Prometheus has a few.
	poll(t, deadline, api, fmt.Sprintf(`count_over_time(%s{pipeline=%q, status="succeeded"}[1m]) >= 3`, metrics.PipelineRunsTotal, tgt.pipeline), true)
	poll(t, deadline, api, fmt.Sprintf(`%s{job="dagrun", pipeline=%q}`, metrics.PipelineRunsTotal, pushedPipeline), true)

	// The dashboard's variables list both pipelines and the pipes.
	for _, want := range []string{tgt.pipeline, pushedPipeline} {
		if vals := labelValues(t, api, metrics.LabelPipeline, metrics.PipelineRunsTotal); !contains(vals, want) {
			t.Errorf("label_values(%s, pipeline) = %v, lacks %q", metrics.PipelineRunsTotal, vals, want)
		}
	}
	if vals := labelValues(t, api, metrics.LabelPipe, fmt.Sprintf(`%s{pipeline=~%q}`, metrics.PipeRunsTotal, tgt.pipeline)); !contains(vals, "classify") {
		t.Errorf("label_values(pipe) = %v, lacks classify", vals)
	}

	dashboard := filepath.Join("..", "examples", "grafana", "dashboards", "dagrun.json")
	for _, pipeline := range []string{tgt.pipeline, pushedPipeline} {
		queries, err := metrics.DashboardQueries(dashboard, map[string]string{"pipeline": pipeline, "pipe": ".+"})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range queries {
			// The served pipeline keeps running, so its panels must show numbers,
			// not NaN; the pushed one's counters stand still, so its rates are 0
			// and its quantiles NaN, but the series must be there.
			finite := pipeline == tgt.pipeline
			t.Run(pipeline+"/"+q.Panel+"/"+q.RefID, func(t *testing.T) {
				n := poll(t, deadline, api, q.Expr, finite)
				t.Logf("%d series: %s", n, q.Expr)
			})
		}
	}
}

// pushRuns pushes the metrics of two synthetic runs of pipeline to the gateway.
func pushRuns(t *testing.T, gateway, pipeline string) {
	reg := prometheus.NewRegistry()
	c := metrics.New(pipeline, metrics.Options{Version: "itest"})
	if err := c.Register(reg); err != nil {
		t.Fatal(err)
	}
	syntheticRun(0).feed(c)
	syntheticRun(1).feed(c)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := metrics.Push(ctx, gateway, pipeline, reg); err != nil {
		t.Fatal(err)
	}
}

// startProcess starts bin on a free 127.0.0.1 port (args builds its flags from
// the address), waits until readyPath answers 200, and kills it when the test
// ends. It returns the address.
func startProcess(t *testing.T, bin, readyPath string, args func(addr string) []string) string {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, args(addr)...)
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("%s output:\n%s", filepath.Base(bin), out.String())
		}
	})

	deadline := time.Now().Add(integrationDeadline)
	for {
		select {
		case err := <-exited:
			exited <- err // for the cleanup
			t.Fatalf("%s exited early: %v\n%s", bin, err, out.String())
		default:
		}
		resp, err := http.Get("http://" + addr + readyPath)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return addr
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready on %s after %v: %v\n%s", bin, addr, integrationDeadline, err, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// freeAddr returns a 127.0.0.1 address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type queryResponse struct {
	Status    string `json:"status"`
	ErrorType string `json:"errorType"`
	Error     string `json:"error"`
	Data      struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Value [2]any `json:"value"` // [time, "value"]
		} `json:"result"`
	} `json:"data"`
}

// poll sends an instant query until it succeeds with at least one series (with
// finite set, one whose value is a number, not NaN or ±Inf), and returns the
// number of series. A query Prometheus rejects fails at once.
func poll(t *testing.T, deadline time.Time, api, expr string, finite bool) int {
	t.Helper()
	for {
		var r queryResponse
		getJSON(t, api+"/api/v1/query?"+url.Values{"query": {expr}}.Encode(), &r)
		if r.Status != "success" {
			t.Fatalf("query %s: %s: %s", expr, r.ErrorType, r.Error)
		}
		if r.Data.ResultType != "vector" {
			t.Fatalf("query %s: result type %s, want vector", expr, r.Data.ResultType)
		}
		ok := len(r.Data.Result) > 0
		if ok && finite {
			ok = false
			for _, s := range r.Data.Result {
				v, _ := s.Value[1].(string)
				if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
					ok = true
				}
			}
		}
		if ok {
			return len(r.Data.Result)
		}
		if time.Now().After(deadline) {
			t.Fatalf("query %s: no series (finite: %v) within %v; last result %+v", expr, finite, integrationDeadline, r.Data.Result)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func labelValues(t *testing.T, api, label, match string) []string {
	t.Helper()
	var r struct {
		Status string   `json:"status"`
		Data   []string `json:"data"`
	}
	getJSON(t, api+"/api/v1/label/"+label+"/values?"+url.Values{"match[]": {match}}.Encode(), &r)
	if r.Status != "success" {
		t.Fatalf("label values of %s for %s: status %s", label, match, r.Status)
	}
	return r.Data
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %s: %v\n%s", u, resp.Status, err, b)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lockedBuffer collects a child process's output; the process writes from its
// own goroutines while a failing test reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Clone(b.buf.String())
}
