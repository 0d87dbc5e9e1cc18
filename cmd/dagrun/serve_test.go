package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// servedPipeline fires every second; its runs may overlap, so an API run is
// never refused while a scheduled one runs.
const servedPipeline = `
pipeline "ticker" {}

schedule "every_second" {
  every   = "1s"
  overlap = "allow"
}

pipe "hello" {
  use     = "exec"
  retries = 0
  command = ["echo", "hello"]
}

pipe "after" {
  use   = "value"
  value = pipe.hello.output.stdout
}
`

// TestServeIntegration runs the dagrun command (this test binary, installed
// in PATH by testscript.Main) as `dagrun serve` with a one-second schedule on
// a free 127.0.0.1 port, waits for several runs through /metrics, uses the
// API, then sends SIGTERM and expects a clean exit.
func TestServeIntegration(t *testing.T) {
	bin, err := exec.LookPath("dagrun")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ticker.hcl"), []byte(servedPipeline), 0o600); err != nil {
		t.Fatal(err)
	}
	stateDir := filepath.Join(dir, "state")
	cmd := exec.Command(bin, "serve", "ticker.hcl", "--listen", "127.0.0.1:0", "--state-dir", stateDir)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + dir, tokenEnv + "=t0ken"}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var waitErr error
	exited := make(chan struct{}) // closed once the process has been waited for
	var logMu sync.Mutex
	var log strings.Builder
	addr := make(chan string, 1)
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			logMu.Lock()
			log.WriteString(line + "\n")
			logMu.Unlock()
			if _, rest, ok := strings.Cut(line, "listening on http://"); ok {
				addr <- strings.Fields(rest)[0]
			}
		}
	}()
	go func() {
		<-copied // Wait closes the pipe: read it all first
		waitErr = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	logs := func() string {
		logMu.Lock()
		defer logMu.Unlock()
		return log.String()
	}

	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case <-exited:
		t.Fatalf("dagrun serve exited early: %v\n%s", waitErr, logs())
	case <-time.After(20 * time.Second):
		t.Fatalf("dagrun serve never said where it listens:\n%s", logs())
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("listening on %s; want 127.0.0.1", base)
	}

	// Several scheduled runs, seen by a scraper.
	deadline := time.Now().Add(20 * time.Second)
	var fams families
	for {
		fams = scrape(t, base+"/metrics")
		if fams.value("dagrun_pipeline_runs_total", "status", "succeeded") >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("fewer than 3 runs succeeded in time:\n%s", logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
	started := fams.value("dagrun_schedule_ticks_total", "result", "started")
	succeeded := fams.value("dagrun_pipeline_runs_total", "status", "succeeded")
	if started < succeeded || started < 3 {
		t.Errorf("ticks started %g, runs succeeded %g: want every run started by a tick, at least 3", started, succeeded)
	}
	if failed := fams.value("dagrun_pipeline_runs_total", "status", "failed"); failed != 0 {
		t.Errorf("%g runs failed", failed)
	}
	if n := fams.value("dagrun_pipe_runs_total", "pipe", "after"); n < 3 {
		t.Errorf("dagrun_pipe_runs_total{pipe=after} = %g", n)
	}
	if fams.value("dagrun_schedule_next_run_timestamp_seconds", "schedule", "every_second") <= 0 {
		t.Error("no next run timestamp")
	}
	if _, ok := fams["go_goroutines"]; !ok {
		t.Error("no Go collector metrics")
	}

	// The API: the token from $DAGRUN_TOKEN is required.
	if code, _ := call(t, "POST", base+"/api/v1/pipelines/ticker/runs", ""); code != http.StatusUnauthorized {
		t.Errorf("POST without token: %d; want 401", code)
	}
	code, body := call(t, "POST", base+"/api/v1/pipelines/ticker/runs", "t0ken")
	var run struct{ ID, Status string }
	if err := json.Unmarshal(body, &run); err != nil || code != http.StatusAccepted || run.ID == "" {
		t.Fatalf("POST with token: %d %s", code, body)
	}
	for {
		_, body := call(t, "GET", base+"/api/v1/runs/"+run.ID, "t0ken")
		var got struct{ Status string }
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		if got.Status == "succeeded" {
			break
		}
		if got.Status != "running" || time.Now().After(deadline) {
			t.Fatalf("API run: %s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}

	// SIGTERM: a clean drain, exit 0.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
		if waitErr != nil {
			t.Fatalf("dagrun serve after SIGTERM: %v; want exit 0\n%s", waitErr, logs())
		}
	case <-time.After(40 * time.Second):
		t.Fatalf("dagrun serve did not exit after SIGTERM\n%s", logs())
	}
	if !strings.Contains(logs(), "dagrun serve: stopped") {
		t.Errorf("no stop message:\n%s", logs())
	}

	// Every run is in the run state, where `dagrun runs` finds it.
	entries, err := os.ReadDir(filepath.Join(stateDir, "runs"))
	if err != nil || len(entries) < 4 {
		t.Errorf("%d recorded runs, %v; want at least 4 (3 scheduled, 1 from the API)", len(entries), err)
	}
}

// scrape fetches and parses a /metrics page.
func scrape(t *testing.T, url string) families {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return fams
}

// families are parsed metrics by name.
type families map[string]*dto.MetricFamily

// value sums the counters or gauges of metric whose label has value.
func (f families) value(metric, label, value string) float64 {
	sum := 0.0
	for _, m := range f[metric].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == label && l.GetValue() == value {
				sum += m.GetCounter().GetValue() + m.GetGauge().GetValue()
			}
		}
	}
	return sum
}

func call(t *testing.T, method, url, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}
