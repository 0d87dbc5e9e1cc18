package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"
)

// uiResult is what the web UI costs on a large run: how long the run page of
// a 1000-pipe pipeline takes to draw in headless Chromium, and how much
// serve's memory grows while 10 clients follow the run's events.
type uiResult struct {
	Pipes     int     `json:"pipes"`
	DrawnS    float64 `json:"drawn_s"` // from navigation to every node drawn
	RSSBefore int64   `json:"rss_before_kb"`
	RSSPeak   int64   `json:"rss_peak_kb"`
	Clients   int     `json:"clients"`
	Err       string  `json:"error,omitempty"`
	Skipped   string  `json:"skipped,omitempty"`
}

// uiPhase measures the run page of a 1000-pipe pipeline (ten chains of 100
// behind a gate the suite opens) and serve's memory with 10 event clients.
func (b *bench) uiPhase() error {
	ur := &uiResult{Pipes: 1000, Clients: 10}
	b.res.UI = ur
	path := chromiumPath()
	if path == "" {
		ur.Skipped = "no Chromium on PATH (apt-get install chromium, or set DAGRUN_CHROMIUM)"
		b.logf("ui: skipped: %s", ur.Skipped)
		return nil
	}
	if err := b.measureUI(path, ur); err != nil {
		ur.Err = err.Error()
		b.logf("ui: FAILED: %v", err)
		return nil
	}
	b.logf("ui: run page of %d pipes drawn in %.2f s; serve RSS %d kB, peak %d kB with %d event clients (+%d kB)",
		ur.Pipes, ur.DrawnS, ur.RSSBefore, ur.RSSPeak, ur.Clients, ur.RSSPeak-ur.RSSBefore)
	return nil
}

func chromiumPath() string {
	if p := os.Getenv("DAGRUN_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func (b *bench) measureUI(chromium string, ur *uiResult) error {
	dir := filepath.Join(b.work, "ui")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	gate := filepath.Join(dir, "open")
	var src strings.Builder
	src.WriteString("pipeline \"large\" {\n  parallelism = 4\n}\n\npipe \"gate\" {\n  use     = \"exec\"\n  retries = 0\n  script  = \"while [ ! -f " + gate + " ]; do sleep 0.05; done\"\n}\n")
	for i := range ur.Pipes {
		dep := "gate"
		if i >= 10 {
			dep = fmt.Sprintf("p%d", i-10)
		}
		fmt.Fprintf(&src, "\npipe \"p%d\" {\n  use        = \"exec\"\n  retries    = 0\n  depends_on = [pipe.%s]\n  command    = [\"true\"]\n}\n", i, dep)
	}
	if err := os.WriteFile(filepath.Join(dir, "large.hcl"), []byte(src.String()), 0o644); err != nil {
		return err
	}
	srv, err := b.startServe(dir, "large.hcl", "--state-dir", filepath.Join(dir, "state"))
	if err != nil {
		return err
	}
	defer srv.stop()
	resp, err := http.Post(srv.base+"/api/v1/pipelines/large/runs", "application/json", strings.NewReader("{}"))
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("starting the run: %s", resp.Status)
	}
	id := strings.TrimPrefix(resp.Header.Get("Location"), "/api/v1/runs/")

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true),
		chromedp.WindowSize(1400, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.base+"/ui/#/runs/"+id)); err != nil {
		return fmt.Errorf("opening the run page: %w", err)
	}
	poll := func(expr string) error {
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(time.Minute)))
		return err
	}
	if err := poll(fmt.Sprintf(`document.querySelectorAll('#graph g.node').length === %d`, ur.Pipes+1)); err != nil {
		return fmt.Errorf("waiting for %d nodes: %w", ur.Pipes+1, err)
	}
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.now()`))
	if err != nil {
		return err
	}
	ur.DrawnS = ms / 1000

	ur.RSSBefore = procRSS(srv.pid)
	var wg sync.WaitGroup
	for range ur.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(srv.base + "/api/v1/runs/" + id + "/events")
			if err != nil {
				return
			}
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			sc.Buffer(nil, 4<<20)
			for sc.Scan() {
			}
		}()
	}
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		return err
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	ur.RSSPeak = ur.RSSBefore
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for running := true; running; {
		select {
		case <-done:
			running = false
		case <-tick.C:
			ur.RSSPeak = max(ur.RSSPeak, procRSS(srv.pid))
		}
	}
	if err := poll(`document.querySelector('#run-status').textContent !== "running"`); err != nil {
		return fmt.Errorf("waiting for the run's end on the page: %w", err)
	}
	return nil
}

// procRSS is a process's resident memory in kB (0 where /proc is missing).
func procRSS(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// uiMarkdown is the report's section on the web UI.
func (b *bench) uiMarkdown(p func(string, ...any)) {
	u := b.res.UI
	if u == nil {
		return
	}
	p("## Web UI on a large run")
	p("")
	p("`dagrun serve` with a pipeline of %d exec pipes (ten chains behind a gate pipe), its run page opened in headless Chromium: the time from navigation until every node of the graph is drawn; then serve's resident memory before and at its peak while %d clients follow the run's events (`GET /api/v1/runs/RUN/events`) from the gate's opening to the run's end, with the page open.", u.Pipes, u.Clients)
	p("")
	switch {
	case u.Skipped != "":
		p("Skipped: %s", mdEscape(u.Skipped))
	case u.Err != "":
		p("Failed: %s", mdEscape(u.Err))
	default:
		p("| run page drawn | serve RSS before | serve RSS peak | growth with %d clients |", u.Clients)
		p("|---|---|---|---|")
		p("| %s | %s | %s | %s |", fs(u.DrawnS), fmb(u.RSSBefore), fmb(u.RSSPeak), fmb(u.RSSPeak-u.RSSBefore))
	}
	p("")
}

// serveTargets are the goals for serve with many runs and its web UI.
func (b *bench) serveTargets() []target {
	var ts []target
	t := target{Group: "serve", Name: "serve with 100,000 recorded runs: listening", Limit: "≤ 1 s", Status: notMeasure}
	t2 := target{Group: "serve", Name: "serve with 100,000 recorded runs: first runs list (pipeline and status filter)", Limit: "≤ 0.1 s", Status: notMeasure}
	if r := b.res.Runs; r != nil && r.Err == "" && r.Runs >= 100_000 {
		for _, s := range r.Starts {
			if s.Case == "index" {
				t.Measured, t.Status = fs(s.StartS), status([]check{{s.StartS, 1, true}})
				t2.Measured, t2.Status = fs(s.FirstS), status([]check{{s.FirstS, 0.1, true}})
			}
		}
	}
	ts = append(ts, t, t2)
	t = target{Group: "serve", Name: "run page of a 1000-pipe pipeline drawn in headless Chromium", Limit: "≤ 2 s", Status: notMeasure}
	t2 = target{Group: "serve", Name: "serve's RSS growth with 10 clients following a run", Limit: "< 20 MB", Status: notMeasure}
	if u := b.res.UI; u != nil && u.Err == "" && u.Skipped == "" {
		t.Measured, t.Status = fs(u.DrawnS), status([]check{{u.DrawnS, 2, true}})
		grow := u.RSSPeak - u.RSSBefore
		t2.Measured, t2.Status = fmb(grow), status([]check{{float64(grow) / 1024, 20, true}})
	}
	return append(ts, t, t2)
}
