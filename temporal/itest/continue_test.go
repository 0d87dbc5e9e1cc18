package itest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/dagrun/dagrun/temporal"
)

// continuePipeline is a run of some 80 pipes and instances, whose history
// takes a few parts of 100 events: a fan-out of 60 instances whose outputs
// a pipe at the end reads, a chain of 15 each reading the one before (the
// even ones short: local activities), a pipe that fails twice before it
// succeeds, and, when gate is set, a pipe after the chain's eighth that
// waits for that file.
func continuePipeline(t *testing.T, gate string) string {
	var b strings.Builder
	b.WriteString(`
pipe "seed" {
  use     = "exec"
  command = ["echo", "seed"]
}

pipe "fan" {
  for_each = toset([for i in range(60) : format("%02d", i)])
  use      = "exec"
  command  = ["echo", "${trimspace(pipe.seed.output.stdout)}-${each.key}"]
}

pipe "flaky" {
  use         = "exec"
  retries     = 2
  retry_delay = "300ms"
  script      = "[ \"$DAGRUN_ATTEMPT\" -ge 3 ] || exit 1"
}

pipe "c1" {
  use        = "exec"
  depends_on = [pipe.fan]
  command    = ["echo", "c"]
}
`)
	for i := 2; i <= 15; i++ {
		timeout := ""
		if i%2 == 0 {
			timeout = `timeout = "20s"`
		}
		fmt.Fprintf(&b, `
pipe "c%d" {
  use     = "exec"
  command = ["echo", "${trimspace(pipe.c%d.output.stdout)}%d"]
  %s
}
`, i, i-1, i%10, timeout)
		if i == 8 && gate != "" {
			fmt.Fprintf(&b, `
pipe "gate" {
  use        = "exec"
  depends_on = [pipe.c8]
  script     = "while [ ! -f %s ]; do sleep 0.05; done"
}
`, gate)
		}
	}
	if gate != "" {
		b.WriteString(`
pipe "after_gate" {
  use        = "exec"
  depends_on = [pipe.gate, pipe.c15]
  command    = ["true"]
}
`)
	}
	b.WriteString(`
pipe "total" {
  use        = "value"
  depends_on = [pipe.flaky]
  value = {
    count = length(pipe.fan)
    chain = trimspace(pipe.c15.output.stdout)
    fan   = join(",", sort([for k, v in pipe.fan : trimspace(v.output.stdout)]))
  }
}

output "total" {
  value = pipe.total.output
}
`)
	return writePipeline(t, b.String())
}

// startApplyEnv is startApply with env added to the environment.
func startApplyEnv(t *testing.T, ctx context.Context, env []string, args ...string) (*exec.Cmd, *syncBuffer, <-chan error) {
	t.Helper()
	apply := exec.CommandContext(ctx, dagrunBin, append([]string{"apply"}, args...)...)
	apply.Env = append(os.Environ(), env...)
	var stdout, stderr syncBuffer
	apply.Stdout, apply.Stderr = &stdout, &stderr
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		err := apply.Wait()
		if err != nil {
			t.Logf("apply: %v\nstderr:\n%s", err, stderr.String())
		}
		done <- err
	}()
	return apply, &stdout, done
}

// finishedOnce checks that the JSON events in out end every pipe and
// instance once, and the run once, and returns the run_finished.
func finishedOnce(t *testing.T, out string, pipes int) finished {
	t.Helper()
	ends := map[string]int{}
	runs := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e struct {
			Type string `json:"type"`
			Pipe string `json:"pipe"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		switch e.Type {
		case "pipe_succeeded", "pipe_failed", "pipe_skipped", "pipe_cancelled", "pipe_up_to_date":
			ends[e.Pipe]++
		case "run_finished":
			runs++
		}
	}
	for id, n := range ends {
		if n != 1 {
			t.Errorf("%s: %d pipe_finished events, want 1", id, n)
		}
	}
	if len(ends) != pipes || runs != 1 {
		t.Errorf("%d pipes and instances ended, %d runs; want %d and 1", len(ends), runs, pipes)
	}
	return runFinished(t, out)
}

// partRuns are the workflow run ids of the parts of the run of workflow
// wfID so far, the first first.
func partRuns(t *testing.T, c client.Client, wfID string) []string {
	t.Helper()
	v, err := c.QueryWorkflow(context.Background(), wfID, "", temporal.EventsQuery, 0)
	if err != nil {
		t.Fatal(err)
	}
	var page temporal.EventPage
	if err := v.Get(&page); err != nil {
		t.Fatal(err)
	}
	var runs []string
	for _, p := range page.Parts {
		runs = append(runs, p.RunID)
	}
	return append(runs, page.RunID)
}

// A run whose workflow continues as new, again and again, is one run: the
// same results as on the local engine, every pipe ended once in its
// events, a single record; a client killed mid-run is followed by runs
// show and runs attach across the parts.
func TestContinueAsNew(t *testing.T) {
	queue := queueName(t)
	startWorker(t, queue)
	startWorker(t, queue)
	c := newClient(t)
	env := []string{"DAGRUN_TEMPORAL_CONTINUE_AFTER=100"}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	wantTotal := map[string]any{"count": float64(60), "chain": "c23456789012345"}
	var fan []string
	for i := range 60 {
		fan = append(fan, fmt.Sprintf("seed-%02d", i))
	}
	wantTotal["fan"] = strings.Join(fan, ",")

	// The whole run, in parts.
	path := continuePipeline(t, "")
	stateDir := t.TempDir()
	_, stdout, applied := startApplyEnv(t, ctx, env, path, "--output", "json", "--state-dir", stateDir,
		"--engine", "temporal", "--temporal-address", address, "--task-queue", queue)
	if err := <-applied; err != nil {
		t.Fatalf("apply: %v", err)
	}
	f := finishedOnce(t, stdout.String(), 79)
	if f.Status != "succeeded" {
		t.Errorf("run %s, want succeeded", f.Status)
	}
	if got, _ := json.Marshal(f.Outputs["total"]); !jsonEqual(t, got, wantTotal) {
		t.Errorf("output total %s, want %v", got, wantTotal)
	}
	for _, p := range f.Pipes {
		if p.Pipe == "flaky" && p.Attempts != 3 {
			t.Errorf("flaky took %d attempts, want 3", p.Attempts)
		}
	}
	id := workflowID(t, stateDir)
	runs := partRuns(t, c, id)
	if len(runs) < 3 {
		t.Errorf("the run took %d workflow runs, want at least 3 (a part continues after 100 events)", len(runs))
	} else {
		t.Logf("the run took %d workflow runs", len(runs))
	}
	if dir := os.Getenv(recordHistoriesEnv); dir != "" {
		// The parts' histories, for the replay tests: a part after the
		// first starts from what the one before carried over.
		dir = filepath.Join(dir, "continue-as-new")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for k, run := range runs {
			writeHistory(t, id, run, filepath.Join(dir, fmt.Sprintf("part%d.json", k+1)))
		}
	}
	out, err := exec.Command(dagrunBin, "runs", "list", "--output", "json", "--state-dir", stateDir).Output()
	var list []struct {
		Status string `json:"status"`
		Counts struct {
			Succeeded int `json:"succeeded"`
		} `json:"counts"`
	}
	if err != nil || json.Unmarshal(out, &list) != nil || len(list) != 1 || list[0].Status != "succeeded" || list[0].Counts.Succeeded != 79 {
		t.Errorf("runs list: %v\n%s", err, out)
	}

	// A client killed in a later part: runs show asks the current part;
	// runs attach follows the run from its first event, across the parts,
	// to its end.
	gate := filepath.Join(t.TempDir(), "open")
	path = continuePipeline(t, gate)
	stateDir = t.TempDir()
	apply, stdout, applied := startApplyEnv(t, ctx, env, path, "--output", "json", "--state-dir", stateDir,
		"--engine", "temporal", "--temporal-address", address, "--task-queue", queue)
	waitForLine(t, stdout, `"type":"pipe_started","pipeline":"itest","pipe":"gate"`, applied)
	_ = apply.Process.Signal(syscall.SIGKILL)
	<-applied
	id = workflowID(t, stateDir)
	if n := len(partRuns(t, c, id)); n < 2 {
		t.Errorf("the gate runs in part %d, want a later part than the first", n)
	}
	show, err := exec.Command(dagrunBin, "runs", "show", "last", "--output", "json", "--state-dir", stateDir).Output()
	var shown struct {
		Status     string `json:"status"`
		EngineSays string `json:"engine_says"`
	}
	if err != nil || json.Unmarshal(show, &shown) != nil || shown.Status != "running" || !strings.HasPrefix(shown.EngineSays, "Running on temporal") {
		t.Errorf("runs show with the client gone: %v %+v\n%s", err, shown, show)
	}
	attach := exec.CommandContext(ctx, dagrunBin, "runs", "attach", "last", "--output", "json", "--state-dir", stateDir)
	var astdout, astderr syncBuffer
	attach.Stdout, attach.Stderr = &astdout, &astderr
	if err := attach.Start(); err != nil {
		t.Fatal(err)
	}
	attached := make(chan error, 1)
	go func() { attached <- attach.Wait() }()
	waitForLine(t, &astdout, `"type":"pipe_succeeded","pipeline":"itest","pipe":"c8"`, attached)
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := <-attached; err != nil {
		t.Fatalf("runs attach: %v\n%s", err, astderr.String())
	}
	f = finishedOnce(t, astdout.String(), 81)
	if f.Status != "succeeded" {
		t.Errorf("attached run %s, want succeeded", f.Status)
	}
	if got, _ := json.Marshal(f.Outputs["total"]); !jsonEqual(t, got, wantTotal) {
		t.Errorf("attached output total %s, want %v", got, wantTotal)
	}
	show, err = exec.Command(dagrunBin, "runs", "show", "last", "--output", "json", "--state-dir", stateDir).Output()
	shown.Status, shown.EngineSays = "", ""
	if err != nil || json.Unmarshal(show, &shown) != nil || shown.Status != "succeeded" || shown.EngineSays != "" {
		t.Errorf("runs show after attach: %v %+v", err, shown)
	}
}

// workflowID is the workflow id the last run in stateDir recorded.
func workflowID(t *testing.T, stateDir string) string {
	t.Helper()
	out, err := exec.Command(dagrunBin, "runs", "show", "last", "--output", "json", "--state-dir", stateDir).Output()
	if err != nil {
		t.Fatalf("runs show: %v\n%s", err, out)
	}
	var s struct {
		Engine struct {
			WorkflowID string `json:"workflow_id"`
		} `json:"engine"`
	}
	if err := json.Unmarshal(out, &s); err != nil || s.Engine.WorkflowID == "" {
		t.Fatalf("no workflow id in runs show: %v\n%s", err, out)
	}
	return s.Engine.WorkflowID
}

func jsonEqual(t *testing.T, got []byte, want any) bool {
	t.Helper()
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	_ = json.Unmarshal(got, &a)
	_ = json.Unmarshal(w, &b)
	ga, _ := json.Marshal(a)
	gb, _ := json.Marshal(b)
	return string(ga) == string(gb)
}
