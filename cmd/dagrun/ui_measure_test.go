package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestUIMeasureLarge measures (and only logs: speed is not asserted) the run
// page of a 1000-pipe pipeline in headless Chromium, and serve's resident
// memory with 10 clients following the run's events. Run it with
// DAGRUN_UI_MEASURE=1.
func TestUIMeasureLarge(t *testing.T) {
	if os.Getenv("DAGRUN_UI_MEASURE") != "1" {
		t.Skip("a measurement: set DAGRUN_UI_MEASURE=1")
	}
	ctx := browser(t)
	dir := t.TempDir()
	var src strings.Builder
	src.WriteString("pipeline \"large\" {\n  parallelism = 4\n}\n\npipe \"gate\" {\n  use     = \"exec\"\n  retries = 0\n  script  = \"while [ ! -f " + dir + "/open ]; do sleep 0.05; done\"\n}\n")
	for i := range 1000 {
		dep := "gate"
		if i >= 10 {
			dep = fmt.Sprintf("p%d", i-10)
		}
		fmt.Fprintf(&src, "\npipe \"p%d\" {\n  use        = \"exec\"\n  retries    = 0\n  depends_on = [pipe.%s]\n  command    = [\"true\"]\n}\n", i, dep)
	}
	if err := os.WriteFile(filepath.Join(dir, "large.hcl"), []byte(src.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	sp := startServe(t, dir, []string{"PATH=/usr/bin:/bin", "HOME=" + dir}, "large.hcl", "--state-dir", filepath.Join(dir, "state"))
	req, _ := http.NewRequest("POST", sp.base+"/api/v1/pipelines/large/runs", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	id := strings.TrimPrefix(resp.Header.Get("Location"), "/api/v1/runs/")

	do(t, ctx, "run page", chromedp.Navigate(sp.base+"/ui/#/runs/"+id))
	waitFor(t, ctx, "1001 nodes", `document.querySelectorAll('#graph g.node').length === 1001`)
	ms := eval[float64](t, ctx, `performance.now()`)
	t.Logf("run page of 1001 pipes drawn %.0f ms after navigation", ms)

	rss := func() int {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", sp.cmd.Process.Pid))
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
				return n
			}
		}
		return 0
	}
	before := rss()
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(sp.base + "/api/v1/runs/" + id + "/events")
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
	if err := os.WriteFile(filepath.Join(dir, "open"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	peak := before
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for running := true; running; {
		select {
		case <-done:
			running = false
		case <-time.After(20 * time.Millisecond):
			peak = max(peak, rss())
		}
	}
	waitFor(t, ctx, "the run over in the page", `document.querySelector('#run-status').textContent !== "running"`)
	t.Logf("serve RSS %d kB before 10 event clients (and this page), peak %d kB while the run went: +%d kB", before, peak, peak-before)
}
