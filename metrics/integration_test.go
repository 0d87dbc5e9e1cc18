package metrics_test

// The integration test runs the real thing: the dagrun binary, built from
// cmd/dagrun, runs testdata/itest.hcl with --metrics-listen while a real
// Prometheus scrapes it, and testdata/itest_pushed.hcl with --pushgateway and
// --metrics-textfile; then every query of the Grafana dashboard goes to that
// Prometheus. It needs the `prometheus`, `prometheus-pushgateway` and
// `promtool` binaries (Debian: apt-get install prometheus
// prometheus-pushgateway) and skips without them unless
// DAGRUN_REQUIRE_PROMETHEUS=1.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dagrun/dagrun/metrics"
)

// integrationDeadline bounds every wait of the integration test.
const integrationDeadline = 60 * time.Second

// The pipelines of testdata/itest.hcl and testdata/itest_pushed.hcl, and the
// Prometheus jobs that bring their series in: the scrape job of the apply's
// /metrics, and the job label metrics.Push gives the pushed series (kept by
// honor_labels).
const (
	servedPipeline = "itest_served"
	servedFile     = "testdata/itest.hcl"
	servedJob      = "dagrun-apply"
	pushedPipeline = "itest_pushed"
	pushedFile     = "testdata/itest_pushed.hcl"
	pushedJob      = metrics.PushJob

	scrapeInterval = 500 * time.Millisecond

	// pushedRuns is how many times the pushed pipeline runs.
	pushedRuns = 3
)

// servedPipes are the pipe ids of testdata/itest.hcl.
var servedPipes = []string{"load_a", "load_b", "load_c", "fetch", "flaky", "broken", "report", "disabled", "linger"}

func TestIntegrationDashboardQueriesAgainstPrometheus(t *testing.T) {
	promBin := tool(t, "prometheus")
	pushgatewayBin := tool(t, "prometheus-pushgateway")
	tool(t, "promtool")
	if testing.Short() && os.Getenv(requireEnv) != "1" {
		t.Skip("builds dagrun and starts Prometheus and a Pushgateway; skipped in -short mode")
	}

	dagrun := buildDagrun(t)
	// The runs happen in a copy of testdata, so nothing they write lands in
	// the repository.
	work := t.TempDir()
	for _, f := range []string{servedFile, pushedFile} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(work, filepath.Base(f)), string(b))
	}

	servedAddr := freeAddr(t) // the apply's --metrics-listen, scraped from before it starts
	gateway := startProcess(t, pushgatewayBin, "/-/ready", func(addr string) []string {
		return []string{
			"--web.listen-address=" + addr,
			"--persistence.file=" + filepath.Join(t.TempDir(), "pushgateway.data"),
		}
	})
	alerts, err := filepath.Abs(filepath.Join(promExamples, "alerts.yml"))
	if err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(t.TempDir(), "prometheus.yml")
	writeFile(t, config, fmt.Sprintf(`global:
  scrape_interval: %[1]s
  scrape_timeout: %[1]s
  evaluation_interval: 1s
rule_files:
  - %[2]q
scrape_configs:
  - job_name: %[3]s
    static_configs:
      - targets: [%[4]q]
  - job_name: pushgateway
    honor_labels: true
    static_configs:
      - targets: [%[5]q]
`, scrapeInterval, alerts, servedJob, servedAddr, gateway))
	prom := startProcess(t, promBin, "/-/ready", func(addr string) []string {
		return []string{
			"--config.file=" + config,
			"--storage.tsdb.path=" + t.TempDir(),
			"--web.listen-address=" + addr,
			"--log.level=warn",
			"--enable-feature=exemplar-storage",
		}
	})
	api := "http://" + prom
	deadline := time.Now().Add(integrationDeadline)

	// The pushed runs: each succeeds, pushes at its end and writes the
	// textfile. Prometheus sees each push before the next run starts.
	testStart := time.Now()
	textfile := filepath.Join(t.TempDir(), "out.prom")
	for k := 1; k <= pushedRuns; k++ {
		runDagrun(t, dagrun, work, 0, "apply", filepath.Base(pushedFile),
			"--pushgateway", "http://"+gateway, "--metrics-textfile", textfile)
		poll(t, deadline, api, fmt.Sprintf(`%s{job=%q, pipeline=%q, status="succeeded"} == %d`, metrics.PipelineRunsTotal, pushedJob, pushedPipeline, k), "")
	}
	exposition, err := os.ReadFile(textfile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(exposition, []byte(metrics.PipelineRunsTotal)) {
		t.Fatalf("--metrics-textfile wrote no %s:\n%s", metrics.PipelineRunsTotal, exposition)
	}
	promtool(t, ".", exposition, "check", "metrics")

	// The served run, scraped while it lasts, traced (to a collector of the
	// test's own), so that its duration histograms carry exemplars.
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer sink.Close()
	body := runServed(t, dagrun, work, servedAddr, "OTEL_EXPORTER_OTLP_ENDPOINT="+sink.URL, "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf")
	promtool(t, ".", body, "check", "metrics")

	// `dagrun apply` serves /metrics only while the run lasts, so instant
	// queries of its gauges find nothing once Prometheus has marked them stale:
	// every query is evaluated at the apply's last successful scrape. The pushed
	// series are there too, the Pushgateway having been scraped since before the
	// served run started.
	at := lastScrape(t, deadline, api, servedJob)
	t.Logf("last scrape of the apply at %s", at)

	served := func(metric, match string) string {
		return fmt.Sprintf(`%s{job=%q, pipeline=%q, %s}`, metric, servedJob, servedPipeline, match)
	}
	pushed := func(metric, match string) string {
		return fmt.Sprintf(`%s{job=%q, pipeline=%q, %s}`, metric, pushedJob, pushedPipeline, match)
	}
	inf := math.Inf(1)
	for _, c := range []struct {
		expr     string
		min, max float64
	}{
		// The served run's pipes, as testdata/itest.hcl has them end.
		{served(metrics.PipeRunsTotal, `pipe="flaky", status="succeeded"`), 1, 1},
		{served(metrics.PipeAttemptsTotal, `pipe="flaky", result="error"`), 1, 1},
		{served(metrics.PipeAttemptsTotal, `pipe="flaky", result="ok"`), 1, 1},
		{served(metrics.PipeRetriesTotal, `pipe="flaky"`), 1, 1},
		{served(metrics.PipeRunsTotal, `pipe="broken", status="failed"`), 1, 1},
		{served(metrics.PipeAttemptsTotal, `pipe="broken", result="error"`), 2, 2},
		{served(metrics.PipeRetriesTotal, `pipe="broken"`), 1, 1},
		{served(metrics.PipeRunsTotal, `pipe="report", status="skipped"`), 1, 1},
		{served(metrics.PipeRunsTotal, `pipe="disabled", status="skipped"`), 1, 1},
		{`sum(` + served(metrics.PipeRunsTotal, `pipe=~"load_.", status="succeeded"`) + `)`, 3, 3},
		// Two of the three pipes of the one-slot pool waited about 1 s and 2 s.
		{`max(` + served(metrics.PipeQueueSeconds+"_sum", `pipe=~"load_."`) + `)`, 1.5, inf},
		{`sum(` + served(metrics.PipeRunning, `pipe!="linger"`) + `)`, 0, 0},
		{served(metrics.PipeLastSuccessTimestampSeconds, `pipe="flaky"`), 1e9, inf},
		// Rates see the run: load_c succeeds 3 s in, long after the first scrape.
		{`increase(` + served(metrics.PipeRunsTotal, `pipe="load_c", status="succeeded"`) + `[1m])`, 0.5, inf},
		{fmt.Sprintf(`count(%s{job=%q})`, metrics.BuildInfo, servedJob), 1, 1},
		// The pushed runs ended and succeeded: each push carried the sum of
		// the runs so far.
		{pushed(metrics.PipelineRunsTotal, `status="failed"`), 0, 0},
		{pushed(metrics.PipelineRunsTotal, `status="succeeded"`), pushedRuns, pushedRuns},
		{pushed(metrics.PipelineDurationSeconds+"_count", ""), pushedRuns, pushedRuns},
		{pushed(metrics.PipelineLastRunTimestampSeconds, `status="succeeded"`), 1e9, inf},
		{pushed(metrics.PipelineRunning, ""), 0, 0},
		{pushed(metrics.PipeRetriesTotal, `pipe="flaky"`), pushedRuns, pushedRuns},
		{pushed(metrics.PipeRunsTotal, `pipe="publish", status="succeeded"`), pushedRuns, pushedRuns},
	} {
		if v := value(t, deadline, api, c.expr, at); v < c.min || v > c.max {
			t.Errorf("%s = %v, want %v..%v", c.expr, v, c.min, c.max)
		}
	}

	// The dashboard's variables list both pipelines and the served run's pipes.
	for _, want := range []string{servedPipeline, pushedPipeline} {
		if vals := labelValues(t, api, metrics.LabelPipeline, metrics.PipelineRunsTotal); !contains(vals, want) {
			t.Errorf("label_values(%s, pipeline) = %v, lacks %q", metrics.PipelineRunsTotal, vals, want)
		}
	}
	pipes := labelValues(t, api, metrics.LabelPipe, fmt.Sprintf(`%s{pipeline=~%q}`, metrics.PipeRunsTotal, servedPipeline))
	for _, want := range servedPipes {
		if !contains(pipes, want) {
			t.Errorf("label_values(%s{pipeline=~%q}, pipe) = %v, lacks %q", metrics.PipeRunsTotal, servedPipeline, pipes, want)
		}
	}

	dashboard := filepath.Join("..", "examples", "grafana", "dashboards", "dagrun.json")
	for _, sel := range []struct {
		name string
		vars map[string]string
		// needsSucceededRun: whether queries of the pipelines' last succeeded run
		// must find one.
		needsSucceededRun bool
	}{
		// Both pipelines and every pipe selected (Grafana formats a multi-value
		// variable as a regex alternation; "All" is .+).
		{"all", map[string]string{"pipeline": "(" + servedPipeline + "|" + pushedPipeline + ")", "pipe": ".+"}, true},
		{pushedPipeline, map[string]string{"pipeline": pushedPipeline, "pipe": "flaky"}, true},
		// The served run fails on purpose, so it has no last succeeded run; and
		// apply stops serving when the run ends, so a run's pipeline-level final
		// state reaches Prometheus by push or textfile only.
		{servedPipeline, map[string]string{"pipeline": servedPipeline, "pipe": "flaky"}, false},
	} {
		queries, err := metrics.DashboardQueries(dashboard, sel.vars)
		if err != nil {
			t.Fatal(err)
		}
		if len(queries) == 0 {
			t.Fatalf("%s: no queries", dashboard)
		}
		for _, q := range queries {
			t.Run(sel.name+"/"+q.Panel+"/"+q.RefID, func(t *testing.T) {
				if !sel.needsSucceededRun && strings.Contains(q.Expr, metrics.PipelineLastRunTimestampSeconds) {
					r := query(t, api, q.Expr, at) // must still be valid PromQL
					t.Logf("%d series (none required): %s", len(r.Data.Result), q.Expr)
					return
				}
				n := poll(t, deadline, api, q.Expr, at)
				t.Logf("%d series: %s", n, q.Expr)
			})
		}
	}

	checkDashboardValues(t, api, dashboard, at, testStart)
}

// buildDagrun builds cmd/dagrun with the go command on PATH (or in $GOROOT/bin)
// and returns the binary's path.
func buildDagrun(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		root := os.Getenv("GOROOT")
		if root == "" {
			t.Fatalf("no go command to build dagrun with: %v", err)
		}
		goBin = filepath.Join(root, "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "dagrun")
	out, err := exec.Command(goBin, "build", "-o", bin, "github.com/dagrun/dagrun/cmd/dagrun").CombinedOutput()
	if err != nil {
		t.Fatalf("go build cmd/dagrun: %v\n%s", err, out)
	}
	return bin
}

// runDagrun runs dagrun with args in dir and requires the exit code want.
func runDagrun(t *testing.T, bin, dir string, want int, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), integrationDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if code := exitCode(err); code != want {
		t.Fatalf("dagrun %s: exit %d (%v), want %d\n%s", strings.Join(args, " "), code, err, want, out)
	}
}

// exitCode is the exit code of a command that returned err from Wait or Run,
// or -1 when it did not exit normally.
func exitCode(err error) int {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	}
	return -1
}

// runServed runs `dagrun apply itest.hcl --metrics-listen addr` in dir to its
// end (exit 1: a pipe fails on purpose), fetching /metrics while it runs, and
// returns the last body fetched.
func runServed(t *testing.T, bin, dir, addr string, env ...string) []byte {
	t.Helper()
	args := []string{"apply", filepath.Base(servedFile), "--metrics-listen", addr}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	done := false
	t.Cleanup(func() {
		if !done {
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("dagrun %s:\n%s", strings.Join(args, " "), out.String())
		}
	})

	var body []byte
	deadline := time.Now().Add(integrationDeadline)
	for !done {
		select {
		case err := <-exited:
			done = true
			if code := exitCode(err); code != 1 {
				t.Fatalf("dagrun %s: exit %d (%v), want 1\n%s", strings.Join(args, " "), code, err, out.String())
			}
		default:
			if b, err := fetch("http://" + addr + "/metrics"); err == nil {
				body = b
			}
			if time.Now().After(deadline) {
				t.Fatalf("dagrun %s still running after %v", strings.Join(args, " "), integrationDeadline)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !bytes.Contains(body, []byte(servedPipeline)) {
		t.Fatalf("GET http://%s/metrics never served %s metrics during the run; last body:\n%s", addr, servedPipeline, body)
	}
	return body
}

func fetch(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return b, err
}

// lastScrape waits until Prometheus has found the scrape target of job down
// after it was up, and returns the time of its last successful scrape, as the
// API spells it (seconds since the epoch).
func lastScrape(t *testing.T, deadline time.Time, api, job string) string {
	t.Helper()
	expr := fmt.Sprintf(`up{job=%q}[5m]`, job)
	for {
		var r struct {
			Status string `json:"status"`
			Error  string `json:"error"`
			Data   struct {
				Result []struct {
					Values [][2]json.RawMessage `json:"values"` // [time, "value"]
				} `json:"result"`
			} `json:"data"`
		}
		getJSON(t, api+"/api/v1/query?"+url.Values{"query": {expr}}.Encode(), &r)
		if r.Status != "success" {
			t.Fatalf("query %s: %s", expr, r.Error)
		}
		// The samples come in time order; one target, so one series.
		var lastUp string
		down := false
		for _, s := range r.Data.Result {
			for _, v := range s.Values {
				if string(v[1]) == `"1"` {
					lastUp, down = string(v[0]), false
				} else if lastUp != "" {
					down = true
				}
			}
		}
		if down {
			return lastUp
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prometheus did not see job %s up then down within %v: %+v", job, integrationDeadline, r.Data.Result)
		}
		time.Sleep(scrapeInterval / 2)
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
		_, err := fetch("http://" + addr + readyPath)
		if err == nil {
			return addr
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
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"` // [time, "value"]
		} `json:"result"`
	} `json:"data"`
}

// query sends an instant query, evaluated at the time at ("" = now), and fails
// the test at once when Prometheus rejects it or its result is not a vector.
func query(t *testing.T, api, expr, at string) queryResponse {
	t.Helper()
	params := url.Values{"query": {expr}}
	if at != "" {
		params.Set("time", at)
	}
	var r queryResponse
	getJSON(t, api+"/api/v1/query?"+params.Encode(), &r)
	if r.Status != "success" {
		t.Fatalf("query %s: %s: %s", expr, r.ErrorType, r.Error)
	}
	if r.Data.ResultType != "vector" {
		t.Fatalf("query %s: result type %s, want vector", expr, r.Data.ResultType)
	}
	return r
}

// poll sends an instant query (see query) until it returns at least one series,
// and returns the number of series: Prometheus ingests asynchronously.
func poll(t *testing.T, deadline time.Time, api, expr, at string) int {
	t.Helper()
	for {
		r := query(t, api, expr, at)
		if n := len(r.Data.Result); n > 0 {
			return n
		}
		if time.Now().After(deadline) {
			t.Fatalf("query %s at %q: no series within %v", expr, at, integrationDeadline)
		}
		time.Sleep(scrapeInterval / 2)
	}
}

// value polls an instant query (see poll) that must return exactly one series,
// and returns its value.
func value(t *testing.T, deadline time.Time, api, expr, at string) float64 {
	t.Helper()
	poll(t, deadline, api, expr, at)
	r := query(t, api, expr, at)
	if len(r.Data.Result) != 1 {
		t.Fatalf("query %s at %q: %d series, want 1: %+v", expr, at, len(r.Data.Result), r.Data.Result)
	}
	s, _ := r.Data.Result[0].Value[1].(string)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("query %s at %q: value %q: %v", expr, at, s, err)
	}
	return v
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
