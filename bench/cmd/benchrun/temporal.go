package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// temporalResult is what a pipe costs on the Temporal engine: 200 no-op exec
// pipes as a chain and wide, on a dev server and two workers started by the
// phase, beside the local engine, in rounds whose order rotates.
type temporalResult struct {
	Pipes int    `json:"pipes"`
	CLI   string `json:"cli,omitempty"` // the Temporal CLI that started the dev server
	// Skipped says why the phase measured nothing (no Temporal CLI).
	Skipped string `json:"skipped,omitempty"`
	Err     string `json:"error,omitempty"`
	// Series are the runs' durations as the runs recorded them (from
	// run_started to run_finished), one per round; Wall the whole apply
	// process's (the client's start, the workflow's start and its result
	// included).
	Series   []*temporalSeries `json:"series"`
	Measured string            `json:"measured"`
	LoadAvg  string            `json:"load_avg"`
	// Large are the large runs, one each (none in a quick run).
	Large []*largeRun `json:"large,omitempty"`
}

// largeRun is one run of many pipes on Temporal, whose workflow continues
// as new: how long it took, in how many workflow runs (parts), and whether
// it ended as one run with every pipe succeeded.
type largeRun struct {
	Shape     string  `json:"shape"`
	Pipes     int     `json:"pipes"`
	Timeout   string  `json:"timeout,omitempty"`
	Run       float64 `json:"run_s"`
	Wall      float64 `json:"wall_s"`
	Parts     int     `json:"parts"`
	Succeeded int     `json:"succeeded"`
	Err       string  `json:"error,omitempty"`
}

// The large runs: a wide one of regular activities, a chain of short
// pipes run as local activities.
var largeRuns = []largeRun{{Shape: "wide", Pipes: 20000}, {Shape: "chain", Pipes: 5000, Timeout: "30s"}}

type temporalSeries struct {
	Name  string    `json:"name"`  // see the temporal* constants
	Shape string    `json:"shape"` // chain or wide
	Runs  []float64 `json:"runs_s"`
	Wall  []float64 `json:"wall_s"`
	Err   string    `json:"error,omitempty"`
}

// The engines of the phase: the local engine, and Temporal with pipes that
// have a timeout within the local-activity bound (local activities) or no
// timeout (every attempt a regular activity).
const (
	engineLocal          = "local engine"
	engineTemporalLocal  = "temporal, timeout 30s (local activities)"
	engineTemporalRemote = "temporal, no timeout (activities)"
)

// temporalPipes is the size of the phase's pipelines.
const temporalPipes = 200

func (r *temporalResult) get(name, shape string) *temporalSeries {
	if r == nil {
		return nil
	}
	for _, s := range r.Series {
		if s.Name == name && s.Shape == shape {
			return s
		}
	}
	return nil
}

// temporalCLI is the Temporal CLI the phase uses: DAGRUN_TEMPORAL_CLI, else
// `temporal` on PATH.
func temporalCLI() string {
	if p := os.Getenv("DAGRUN_TEMPORAL_CLI"); p != "" {
		return p
	}
	p, _ := exec.LookPath("temporal")
	return p
}

// temporalPhase starts a dev server (eager activity dispatch on, in memory,
// on 127.0.0.1) and two workers, times the pipelines on it and on the local
// engine, and stops them all.
func (b *bench) temporalPhase() error {
	r := &temporalResult{Pipes: temporalPipes, Measured: time.Now().UTC().Format("2006-01-02 15:04 UTC"), LoadAvg: loadAvg()}
	b.res.Temporal = r
	cli := temporalCLI()
	if cli == "" {
		r.Skipped = "no Temporal CLI (DAGRUN_TEMPORAL_CLI, or temporal on PATH)"
		b.logf("temporal: SKIPPED: %s", r.Skipped)
		return nil
	}
	r.CLI = firstLine(run(b.root, cli, "--version"))
	if err := b.measureTemporal(r, cli); err != nil {
		r.Err = err.Error()
		b.logf("  FAILED: %v", err)
	}
	return nil
}

func (b *bench) measureTemporal(r *temporalResult, cli string) error {
	dir := filepath.Join(b.work, "temporal")
	bin := filepath.Join(b.bin, "dagrun-temporal")
	b.logf("temporal: building dagrun -tags temporal")
	if out, err := goCmd(b.root, staticEnv, "build", "-tags", "temporal", "-o", bin, "./cmd/dagrun"); err != nil {
		return fmt.Errorf("go build -tags temporal: %v\n%s", err, out)
	}
	pipelines := map[string]string{}
	for _, shape := range []string{"chain", "wide"} {
		for _, timeout := range []string{"30s", ""} {
			name := shape
			if timeout == "" {
				name += "-notimeout"
			}
			pd := filepath.Join(dir, name)
			if err := writeNoopPipeline(pd, shape, temporalPipes, timeout); err != nil {
				return err
			}
			pipelines[name] = pd
		}
	}
	ports, err := freeTCPPorts(3)
	if err != nil {
		return err
	}
	addr := "127.0.0.1:" + strconv.Itoa(ports[0])
	logf, err := os.Create(filepath.Join(dir, "temporal-server.log"))
	if err != nil {
		return err
	}
	defer logf.Close()
	srv := exec.Command(cli, "server", "start-dev", "--headless", "--ip", "127.0.0.1",
		"--port", strconv.Itoa(ports[0]), "--http-port", strconv.Itoa(ports[1]), "--metrics-port", strconv.Itoa(ports[2]),
		"--log-level", "warn", "--dynamic-config-value", "system.enableActivityEagerExecution=true")
	srv.Stdout, srv.Stderr = logf, logf
	inOwnGroup(srv)
	if err := srv.Start(); err != nil {
		return err
	}
	defer stopProcessGroup(srv)
	b.logf("temporal: dev server %d on %s", srv.Process.Pid, addr)
	if err := waitForTemporal(cli, addr, time.Minute); err != nil {
		return err
	}
	const queue = "bench"
	for k := range 2 {
		w := exec.Command(bin, "worker", "--temporal-address", addr, "--task-queue", queue)
		wl, err := os.Create(filepath.Join(dir, fmt.Sprintf("worker-%d.log", k)))
		if err != nil {
			return err
		}
		defer wl.Close()
		w.Stdout, w.Stderr = wl, wl
		inOwnGroup(w)
		if err := w.Start(); err != nil {
			return err
		}
		defer stopProcessGroup(w)
		b.logf("temporal: worker %d", w.Process.Pid)
	}
	temporalArgs := []string{"--engine", "temporal", "--temporal-address", addr, "--task-queue", queue}
	type cmdSpec struct {
		s    *temporalSeries
		dir  string
		args []string
	}
	var cmds []cmdSpec
	for _, shape := range []string{"chain", "wide"} {
		for _, e := range []struct {
			name, pipeline string
			args           []string
		}{
			{engineLocal, shape, nil},
			{engineTemporalLocal, shape, temporalArgs},
			{engineTemporalRemote, shape + "-notimeout", temporalArgs},
		} {
			s := &temporalSeries{Name: e.name, Shape: shape}
			r.Series = append(r.Series, s)
			cmds = append(cmds, cmdSpec{s: s, dir: pipelines[e.pipeline], args: e.args})
		}
	}
	runOnce := func(c cmdSpec) (dur, wall float64, err error) {
		argv := append([]string{"apply", "--output", "json", "--parallelism", strconv.Itoa(temporalPipes)}, c.args...)
		cmd := exec.Command(bin, append(argv, ".")...)
		cmd.Dir = c.dir
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		began := time.Now()
		err = cmd.Run()
		wall = time.Since(began).Seconds()
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %v: %s", strings.Join(cmd.Args, " "), err, lastLines(errb.String(), 5))
		}
		dur, err = runDuration(out.Bytes())
		return dur, wall, err
	}
	// A first run of each warms the workers up (and the server's caches).
	for _, c := range cmds {
		if _, _, err := runOnce(c); err != nil {
			return err
		}
	}
	rounds := 5 // a shared machine's drift moves a wide run by seconds
	if b.plan.Quick {
		rounds = 1
	}
	for k := range rounds {
		for j := range cmds {
			c := cmds[(j+k)%len(cmds)]
			dur, wall, err := runOnce(c)
			if err != nil {
				c.s.Err = err.Error()
				return err
			}
			c.s.Runs, c.s.Wall = append(c.s.Runs, dur), append(c.s.Wall, wall)
		}
		b.logf("temporal: round %d/%d done", k+1, rounds)
	}
	for _, s := range r.Series {
		b.logf("  %-5s %-42s run %s (apply %s)", s.Shape, s.Name, fs(median(s.Runs)), fs(median(s.Wall)))
	}
	if b.plan.Quick {
		return nil
	}
	for _, l := range largeRuns {
		lr := l
		r.Large = append(r.Large, &lr)
		if err := b.largeRun(&lr, bin, cli, addr, filepath.Join(dir, fmt.Sprintf("large-%s", l.Shape)), temporalArgs); err != nil {
			lr.Err = err.Error()
			b.logf("  FAILED: %v", err)
		}
	}
	return nil
}

// largeRun applies a pipeline of lr.Pipes no-op exec pipes on Temporal once,
// and counts the workflow runs it took.
func (b *bench) largeRun(lr *largeRun, bin, cli, addr, dir string, temporalArgs []string) error {
	b.logf("temporal: %d pipes %s (timeout %q)", lr.Pipes, lr.Shape, lr.Timeout)
	if err := writeNoopPipeline(dir, lr.Shape, lr.Pipes, lr.Timeout); err != nil {
		return err
	}
	cmd := exec.Command(bin, append([]string{"apply", "--output", "json", "--parallelism", strconv.Itoa(temporalPipes)}, append(temporalArgs, ".")...)...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	began := time.Now()
	err := cmd.Run()
	lr.Wall = time.Since(began).Seconds()
	if err != nil {
		return fmt.Errorf("%v: %s", err, lastLines(errb.String(), 5))
	}
	if lr.Run, err = runDuration(out.Bytes()); err != nil {
		return err
	}
	if lr.Succeeded, err = succeededPipes(out.Bytes()); err != nil {
		return err
	}
	m := startedWorkflow.FindSubmatch(errb.Bytes())
	if m == nil {
		return fmt.Errorf("apply did not say which workflow it started: %s", lastLines(errb.String(), 5))
	}
	list, err := exec.Command(cli, "workflow", "list", "--address", addr, "--query", fmt.Sprintf("WorkflowId = '%s'", m[1]), "--output", "json").Output()
	if err != nil {
		return fmt.Errorf("temporal workflow list: %v", err)
	}
	var runs []json.RawMessage
	if err := json.Unmarshal(list, &runs); err != nil {
		return fmt.Errorf("temporal workflow list: %v: %s", err, lastLines(string(list), 3))
	}
	lr.Parts = len(runs)
	b.logf("  run %s (apply %s), %d workflow runs, %d pipes succeeded", fs(lr.Run), fs(lr.Wall), lr.Parts, lr.Succeeded)
	return nil
}

// succeededPipes counts the pipes apply's run_finished says succeeded.
func succeededPipes(out []byte) (int, error) {
	i := bytes.LastIndex(out, []byte(`"type":"run_finished"`))
	if i < 0 {
		return 0, errors.New("no run_finished")
	}
	line := out[bytes.LastIndexByte(out[:i], '\n')+1:]
	var ev struct {
		Pipes []struct {
			Status string `json:"status"`
		} `json:"pipes"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(line), &ev); err != nil {
		return 0, fmt.Errorf("run_finished: %v", err)
	}
	n := 0
	for _, p := range ev.Pipes {
		if p.Status == "succeeded" {
			n++
		}
	}
	return n, nil
}

// startedWorkflow finds the workflow id in apply's stderr.
var startedWorkflow = regexp.MustCompile(`temporal: started workflow (\S+) \(run `)

// writeNoopPipeline writes n exec pipes running `true` into dir/main.hcl:
// each depending on the one before (chain), or none on another (wide). A
// non-empty timeout is every pipe's.
func writeNoopPipeline(dir, shape string, n int, timeout string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var w strings.Builder
	for i := range n {
		fmt.Fprintf(&w, "pipe \"p%d\" {\n  use     = \"exec\"\n  command = [\"true\"]\n", i)
		if timeout != "" {
			fmt.Fprintf(&w, "  timeout = %q\n", timeout)
		}
		if shape == "chain" && i > 0 {
			fmt.Fprintf(&w, "  depends_on = [pipe.p%d]\n", i-1)
		}
		w.WriteString("}\n\n")
	}
	return os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(w.String()), 0o644)
}

// runDuration reads the run's duration from apply's JSON lines.
func runDuration(out []byte) (float64, error) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var ev struct {
			Type     string  `json:"type"`
			Status   string  `json:"status"`
			Duration float64 `json:"duration_seconds"`
		}
		if json.Unmarshal(sc.Bytes(), &ev) != nil || ev.Type != "run_finished" {
			continue
		}
		if ev.Status != "succeeded" {
			return 0, fmt.Errorf("the run %s", ev.Status)
		}
		return ev.Duration, nil
	}
	return 0, errors.New("no run_finished line")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func freeTCPPorts(n int) ([]int, error) {
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// waitForTemporal asks the CLI about the default namespace until the server
// answers.
func waitForTemporal(cli, addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		out, err := exec.Command(cli, "operator", "namespace", "describe", "--namespace", "default", "--address", addr).CombinedOutput()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the dev server at %s did not answer within %s: %v: %s", addr, limit, err, lastLines(string(out), 3))
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// stopProcessGroup stops a process the phase started, and what it started:
// SIGTERM, then SIGKILL after ten seconds.
func stopProcessGroup(cmd *exec.Cmd) {
	signalGroup(cmd, false)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		signalGroup(cmd, true)
		<-done
	}
}

// temporalTargets are the goals of the Temporal engine's speed.
func (b *bench) temporalTargets() []target {
	r := b.res.Temporal
	t1 := target{Group: "temporal", Name: fmt.Sprintf("Temporal, %d no-op exec pipes as a chain (dev server, two workers): per pipe", temporalPipes), Limit: "≤ 25 ms", Status: notMeasure}
	t2 := target{Group: "temporal", Name: fmt.Sprintf("Temporal, %d no-op exec pipes wide (dev server, two workers): pipes per second", temporalPipes), Limit: "≥ 150", Status: notMeasure}
	switch {
	case r == nil:
		return []target{t1, t2}
	case r.Skipped != "":
		t1.Note, t2.Note = r.Skipped, r.Skipped
		return []target{t1, t2}
	case r.Err != "":
		t1.Note, t2.Note = "failed: "+r.Err, "failed: "+r.Err
		return []target{t1, t2}
	}
	if s, loc := r.get(engineTemporalLocal, "chain"), r.get(engineLocal, "chain"); s != nil && len(s.Runs) > 0 {
		v := median(s.Runs) / float64(r.Pipes) * 1000
		t1.Measured = fmt.Sprintf("%.1f ms (run %s; no timeout, as activities: %.1f ms; local engine %.2f ms)", v, fs(median(s.Runs)),
			median(r.get(engineTemporalRemote, "chain").Runs)/float64(r.Pipes)*1000, median(loc.Runs)/float64(r.Pipes)*1000)
		t1.Status = status([]check{{v, 25, true}})
	}
	if s, loc := r.get(engineTemporalLocal, "wide"), r.get(engineLocal, "wide"); s != nil && len(s.Runs) > 0 {
		v := float64(r.Pipes) / median(s.Runs)
		t2.Measured = fmt.Sprintf("%.0f (run %s; no timeout, as activities: %.0f; local engine %.0f)", v, fs(median(s.Runs)),
			float64(r.Pipes)/median(r.get(engineTemporalRemote, "wide").Runs), float64(r.Pipes)/median(loc.Runs))
		t2.Status = status([]check{{v, 150, false}})
	}
	return []target{t1, t2, b.largeTarget()}
}

// largeTarget is the goal of large runs: each completes on Temporal as one
// run, every pipe succeeded.
func (b *bench) largeTarget() target {
	var names []string
	for _, l := range largeRuns {
		names = append(names, fmt.Sprintf("a %d-pipe %s", l.Pipes, l.Shape))
	}
	t := target{Group: "temporal", Name: "Temporal, large runs (" + strings.Join(names, ", ") + "): each completes as one dagrun run",
		Limit: "every pipe succeeded", Status: notMeasure}
	r := b.res.Temporal
	if r == nil || len(r.Large) == 0 {
		if b.plan.Quick {
			t.Note = "not in a quick run"
		}
		return t
	}
	var parts []string
	ok := true
	for _, l := range r.Large {
		if l.Err != "" {
			parts = append(parts, fmt.Sprintf("%d %s: failed: %s", l.Pipes, l.Shape, l.Err))
			ok = false
			continue
		}
		parts = append(parts, fmt.Sprintf("%d %s: %d succeeded in %s (%.0f pipes/s), %d workflow runs", l.Pipes, l.Shape, l.Succeeded, fs(l.Run), float64(l.Pipes)/l.Run, l.Parts))
		ok = ok && l.Succeeded == l.Pipes
	}
	t.Measured = strings.Join(parts, "; ")
	t.Status = notMet
	if ok {
		t.Status = met
	}
	return t
}

// temporalMarkdown is the report's section on the Temporal engine.
func (b *bench) temporalMarkdown(p func(string, ...any)) {
	r := b.res.Temporal
	if r == nil {
		return
	}
	p("## The Temporal engine")
	p("")
	p("%d exec pipes running `true`, as a chain (each depending on the one before) and wide (no dependencies), `dagrun apply --output json --parallelism %d`: on the local engine, and with `--engine temporal` on a Temporal dev server (`temporal server start-dev`, in memory, on 127.0.0.1, with eager activity dispatch: `--dynamic-config-value system.enableActivityEagerExecution=true`) and two `dagrun worker` processes, all on this machine. The pipes have `timeout = \"30s\"`, which makes them run as local activities on Temporal (docs/distributed.md, Speed); the same pipelines without a timeout run every attempt as a regular activity. Each command runs once to warm up, then once per round, in an order that rotates every round. The time is the run's as it recorded it (`duration_seconds` of `run_finished`, from the run's start to its end); the apply column is the whole process (the client's start, the workflow's start and the wait for its result included).", r.Pipes, r.Pipes)
	p("")
	switch {
	case r.Skipped != "":
		p("Not measured: %s.", r.Skipped)
		p("")
		return
	case r.Err != "":
		p("Failed: %s", mdEscape(r.Err))
		p("")
		return
	}
	p("Measured %s (load average %s), %s.", r.Measured, firstField(r.LoadAvg), mdEscape(r.CLI))
	p("")
	p("| shape | engine | run (median) | per pipe | pipes/s | rounds | apply (median) |")
	p("|---|---|---|---|---|---|---|")
	for _, s := range r.Series {
		m := median(s.Runs)
		lo, hi := minMax(s.Runs)
		p("| %s | %s | %s | %.2f ms | %.0f | %s–%s | %s |", s.Shape, s.Name, fs(m), m/float64(r.Pipes)*1000, float64(r.Pipes)/m, fs(lo), fs(hi), fs(median(s.Wall)))
	}
	p("")
	if len(r.Large) == 0 {
		return
	}
	p("Large runs, once each on the same server and workers, `--parallelism %d`: the workflow continues as new whenever a part's history reaches 8,000 events (docs/distributed.md, Large runs), and the run is one dagrun run all the same. Workflow runs are those `temporal workflow list --query \"WorkflowId = '...'\"` lists.", temporalPipes)
	p("")
	p("| shape | pipes | pipe timeout | run | per pipe | apply | workflow runs | succeeded |")
	p("|---|---|---|---|---|---|---|---|")
	for _, l := range r.Large {
		timeout := "none (activities)"
		if l.Timeout != "" {
			timeout = l.Timeout + " (local activities)"
		}
		if l.Err != "" {
			p("| %s | %d | %s | failed: %s | | | | |", l.Shape, l.Pipes, timeout, mdEscape(l.Err))
			continue
		}
		p("| %s | %d | %s | %s | %.2f ms | %s | %d | %d |", l.Shape, l.Pipes, timeout, fs(l.Run), l.Run/float64(l.Pipes)*1000, fs(l.Wall), l.Parts, l.Succeeded)
	}
	p("")
}

func minMax(v []float64) (lo, hi float64) {
	if len(v) == 0 {
		return nanValue(), nanValue()
	}
	lo, hi = v[0], v[0]
	for _, x := range v[1:] {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}
