package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// runsResult is what serve costs with many recorded runs: how long it takes
// to start listening, and to answer the first page of the runs list
// filtered by pipeline and status, cold (the index built from the run
// directories, or loaded from its file) and warm.
type runsResult struct {
	Runs   int           `json:"runs"`
	Starts []runsStart   `json:"starts"`
	Err    string        `json:"error,omitempty"`
	Setup  time.Duration `json:"setup_ns"`
}

type runsStart struct {
	// Case: "no index" (rebuilt from the run directories) or "index".
	Case      string  `json:"case"`
	StartS    float64 `json:"start_s"`
	FirstS    float64 `json:"first_query_s"`
	WarmS     float64 `json:"warm_query_median_s"`
	WarmMaxS  float64 `json:"warm_query_max_s"`
	PageRuns  int     `json:"page_runs"`
	TotalRuns int     `json:"total_runs"`
}

// runsPhase writes n finished runs of one pipeline (a run directory with its
// run.json each, as `dagrun apply` leaves them) into a state directory and
// measures `dagrun serve` on it, without the index file, then with it.
func (b *bench) runsPhase() error {
	n := 100_000
	if b.plan.Quick {
		n = 10_000
	}
	rr := &runsResult{Runs: n}
	b.res.Runs = rr
	dir := filepath.Join(b.work, "runs")
	state := filepath.Join(dir, "state")
	began := time.Now()
	b.logf("runs: writing %d recorded runs", n)
	if err := writeRuns(state, n); err != nil {
		rr.Err = err.Error()
		return nil
	}
	if err := os.WriteFile(filepath.Join(dir, "bench.hcl"), []byte("pipeline \"bench\" {}\n\npipe \"a\" {\n  use   = \"value\"\n  value = 1\n}\n"), 0o644); err != nil {
		return err
	}
	rr.Setup = time.Since(began)
	for _, c := range []string{"no index", "index"} {
		st, err := b.measureServe(dir, state, c)
		if err != nil {
			rr.Err = err.Error()
			b.logf("  FAILED: %v", err)
			return nil
		}
		b.logf("  %s: start %.3f s, first query %.3f s, warm %.4f s (max %.4f s), %d of %d runs", c, st.StartS, st.FirstS, st.WarmS, st.WarmMaxS, st.PageRuns, st.TotalRuns)
		rr.Starts = append(rr.Starts, st)
	}
	return nil
}

// writeRuns writes n finished runs, a quarter of them failed.
func writeRuns(state string, n int) error {
	runs := filepath.Join(state, "runs")
	if err := os.MkdirAll(runs, 0o700); err != nil {
		return err
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	statuses := []string{"succeeded", "succeeded", "failed", "succeeded"}
	for i := range n {
		started := t0.Add(time.Duration(i) * time.Minute)
		id := fmt.Sprintf("%s-%04x", started.Format("20060102T150405Z"), i%65536)
		sum := map[string]any{"id": id, "pipeline": "bench", "pid": 1, "started": started, "finished": started.Add(time.Second),
			"status": statuses[i%len(statuses)], "counts": map[string]int{"succeeded": 1}, "pipes": []map[string]string{{"id": "a"}}}
		b, _ := json.Marshal(sum)
		if err := os.Mkdir(filepath.Join(runs, id), 0o700); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(runs, id, "run.json"), b, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// measureServe starts serve on the state directory, times its start and its
// runs list, and stops it.
func (b *bench) measureServe(dir, state, c string) (runsStart, error) {
	st := runsStart{Case: c}
	began := time.Now()
	srv, err := b.startServe(dir, "bench.hcl", "--state-dir", state, "--keep-runs", "0")
	if err != nil {
		return st, err
	}
	defer srv.stop()
	st.StartS = time.Since(began).Seconds()
	query := srv.base + "/api/v1/runs?pipeline=bench&status=failed&limit=50"
	get := func() (float64, error) {
		t := time.Now()
		resp, err := http.Get(query)
		if err != nil {
			return 0, err
		}
		var page struct {
			Runs  []json.RawMessage `json:"runs"`
			Total int               `json:"total"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			return 0, fmt.Errorf("GET runs: %d %v", resp.StatusCode, err)
		}
		st.PageRuns, st.TotalRuns = len(page.Runs), page.Total
		return time.Since(t).Seconds(), nil
	}
	if st.FirstS, err = get(); err != nil {
		return st, err
	}
	var warm []float64
	for range 21 {
		d, err := get()
		if err != nil {
			return st, err
		}
		warm = append(warm, d)
	}
	slices.Sort(warm)
	st.WarmS, st.WarmMaxS = warm[len(warm)/2], warm[len(warm)-1]
	return st, nil
}

// runsMarkdown is the report's section on the run index.
func (b *bench) runsMarkdown(p func(string, ...any)) {
	r := b.res.Runs
	if r == nil {
		return
	}
	p("## Runs list with many recorded runs")
	p("")
	p("`dagrun serve` on a state directory holding %d finished runs of its pipeline (written as `dagrun apply` leaves them, in %s): the time from starting the process to its listening, then `GET /api/v1/runs?pipeline=bench&status=failed&limit=50` — the first (the run index built from the run directories when its file is missing, else loaded from `index.jsonl`) and the median and worst of 21 after it.", r.Runs, fs(r.Setup.Seconds()))
	p("")
	if r.Err != "" {
		p("Failed: %s", mdEscape(r.Err))
		p("")
		return
	}
	p("| state directory | serve listening | first list | list (median) | list (worst) | page / total |")
	p("|---|---|---|---|---|---|")
	for _, s := range r.Starts {
		p("| %s | %s | %s | %s | %s | %d / %d |", s.Case, fs(s.StartS), fs(s.FirstS), fs(s.WarmS), fs(s.WarmMaxS), s.PageRuns, s.TotalRuns)
	}
	p("")
}

// served is a `dagrun serve` process started by the suite.
type served struct {
	base string // http://127.0.0.1:port
	pid  int
	stop func()
}

// startServe starts `dagrun serve` in dir with args on a free port of
// 127.0.0.1 and returns once it listens.
func (b *bench) startServe(dir string, args ...string) (served, error) {
	cmd := exec.Command(b.tools.Dagrun.Path, append(append([]string{"serve"}, args...), "--listen", "127.0.0.1:0", "--log-level", "warn")...)
	cmd.Dir = dir
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return served{}, err
	}
	if err := cmd.Start(); err != nil {
		return served{}, err
	}
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "listening on http://"); ok {
				addr <- strings.Fields(rest)[0]
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	select {
	case a := <-addr:
		return served{base: "http://" + a, pid: cmd.Process.Pid, stop: stop}, nil
	case <-time.After(60 * time.Second):
		stop()
		return served{}, fmt.Errorf("serve did not listen within a minute")
	}
}
