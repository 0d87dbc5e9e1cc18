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
)

// A client killed with SIGKILL mid-run leaves its record aborted, but the
// workflow goes on: `runs show` asks Temporal, and says the run is running
// (and later how it ended), pipe by pipe, as the workflow says.
func TestClientGone(t *testing.T) {
	queue := queueName(t)
	startWorker(t, queue)
	dir := t.TempDir()
	gate := filepath.Join(dir, "open")
	path := writePipeline(t, fmt.Sprintf(`
pipe "first" {
  use     = "exec"
  command = ["echo", "first says hi"]
}

pipe "wait" {
  use        = "exec"
  depends_on = [pipe.first]
  script     = "while [ ! -f %s ]; do sleep 0.05; done"
}

pipe "after" {
  use        = "exec"
  depends_on = [pipe.wait]
  command    = ["true"]
}
`, gate))
	stateDir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	apply, stdout, _, applied := startApply(t, ctx, path, "--output", "json", "--state-dir", stateDir,
		"--engine", "temporal", "--temporal-address", address, "--task-queue", queue)
	// Kill the client once the waiting pipe runs.
	waitForLine(t, stdout, `"type":"pipe_started","pipeline":"itest","pipe":"wait"`, applied)
	_ = apply.Process.Signal(syscall.SIGKILL)
	<-applied

	type shown struct {
		Status     string `json:"status"`
		EngineSays string `json:"engine_says"`
		Problems   []any  `json:"problems"`
		Counts     struct {
			Succeeded int `json:"succeeded"`
		} `json:"counts"`
		Pipes []struct {
			Pipe   string `json:"pipe"`
			Status string `json:"status"`
		} `json:"pipes"`
	}
	show := func() shown {
		t.Helper()
		out, err := exec.Command(dagrunBin, "runs", "show", "last", "--output", "json", "--state-dir", stateDir).Output()
		if err != nil {
			t.Fatalf("runs show: %v\n%s", err, out)
		}
		var s shown
		if err := json.Unmarshal(out, &s); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return s
	}
	statuses := func(s shown) string {
		var parts []string
		for _, p := range s.Pipes {
			parts = append(parts, p.Pipe+"="+p.Status)
		}
		return strings.Join(parts, " ")
	}
	s := show()
	if s.Status != "running" || !strings.HasPrefix(s.EngineSays, "Running on temporal") {
		t.Errorf("runs show after the client died: status %q, engine says %q; want running, as the workflow is", s.Status, s.EngineSays)
	}
	if got, want := statuses(s), "first=succeeded wait=running after=pending"; got != want {
		t.Errorf("pipes %s, want %s", got, want)
	}

	// A new apply notices the run still going without its client, and
	// refuses to start another unless told to follow it.
	again, err := exec.CommandContext(ctx, dagrunBin, "apply", path, "--state-dir", stateDir,
		"--engine", "temporal", "--temporal-address", address, "--task-queue", queue).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(string(again), "still runs on Temporal, without the client that started it: follow it with --attach") {
		t.Fatalf("apply while the run goes on without its client: %v\n%s", err, again)
	}
	// Nor does it resume it: its pipes would run twice.
	again, err = exec.CommandContext(ctx, dagrunBin, "apply", path, "--resume", "last", "--state-dir", stateDir,
		"--engine", "temporal", "--temporal-address", address, "--task-queue", queue).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(string(again), "still runs on Temporal") || strings.Contains(string(again), "resuming run") {
		t.Fatalf("apply --resume while the run goes on without its client: %v\n%s", err, again)
	}
	// apply --attach (as runs attach): the run's events from its start,
	// then live, to its end; the record is completed.
	attach := exec.CommandContext(ctx, dagrunBin, "apply", path, "--attach", "--output", "json", "--state-dir", stateDir,
		"--engine", "temporal", "--temporal-address", address, "--task-queue", queue)
	var astdout, astderr syncBuffer
	attach.Stdout, attach.Stderr = &astdout, &astderr
	if err := attach.Start(); err != nil {
		t.Fatal(err)
	}
	attached := make(chan error, 1)
	go func() { attached <- attach.Wait() }()
	for !strings.Contains(astderr.String(), "attached to run") {
		select {
		case err := <-attached:
			t.Fatalf("attach ended (%v) before it attached:\n%s", err, astderr.String())
		case <-ctx.Done():
			t.Fatal("attach never attached")
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := <-attached; err != nil {
		t.Fatalf("attach: %v\n%s\n%s", err, astdout.String(), astderr.String())
	}
	if f := runFinished(t, astdout.String()); f.Status != "succeeded" || len(f.Pipes) != 3 {
		t.Errorf("attach's run_finished: %+v", f)
	}
	s = show()
	if s.Status != "succeeded" || s.EngineSays != "" || len(s.Problems) > 0 || s.Counts.Succeeded != 3 {
		t.Errorf("runs show after attach: %+v; want succeeded with 3 pipes, from the record, undamaged", s)
	}
	if got, want := statuses(s), "first=succeeded wait=succeeded after=succeeded"; got != want {
		t.Errorf("pipes %s, want %s", got, want)
	}
	// The log of the attempt the dead client recorded is not written twice.
	if out, err := exec.Command(dagrunBin, "runs", "logs", "last", "first", "--state-dir", stateDir).CombinedOutput(); err != nil || strings.Count(string(out), "first says hi") != 1 {
		t.Errorf("runs logs of first after attach: %v\n%s", err, out)
	}
	// runs list too.
	out, err := exec.Command(dagrunBin, "runs", "list", "--output", "json", "--state-dir", stateDir).Output()
	if err != nil {
		t.Fatalf("runs list: %v\n%s", err, out)
	}
	var list []struct {
		Status string `json:"status"`
		Counts struct {
			Succeeded int `json:"succeeded"`
		} `json:"counts"`
	}
	if err := json.Unmarshal(out, &list); err != nil || len(list) != 1 || list[0].Status != "succeeded" || list[0].Counts.Succeeded != 3 {
		t.Errorf("runs list: %v %s", err, out)
	}
}

// The first Ctrl-C of a Temporal apply cancels the workflow; the second
// leaves at once and says how to follow the workflow, which runs attach
// then does to its end.
func TestDetachAndAttach(t *testing.T) {
	queue := queueName(t)
	startWorker(t, queue)
	path := writePipeline(t, `
pipe "long" {
  use     = "exec"
  command = ["sleep", "30"]
}
`)
	stateDir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	apply, stdout, stderr, applied := startApply(t, ctx, path, "--state-dir", stateDir,
		"--engine", "temporal", "--temporal-address", address, "--task-queue", queue)
	waitForLine(t, stdout, "long", applied)
	_ = apply.Process.Signal(os.Interrupt)
	waitForLine(t, stderr, "stopping", applied)
	_ = apply.Process.Signal(os.Interrupt)
	err := <-applied
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("apply: %v, want exit 130\n%s", err, stderr.String())
	}
	i := strings.Index(stderr.String(), "dagrun runs attach ")
	if i < 0 {
		t.Fatalf("the second Ctrl-C did not say how to attach:\n%s", stderr.String())
	}
	args := strings.Fields(strings.SplitN(stderr.String()[i:], "\n", 2)[0])[1:] // runs attach RUN PATH --state-dir DIR
	for k := range args {
		args[k] = strings.Trim(args[k], "'")
	}
	attach := exec.CommandContext(ctx, dagrunBin, append(args, "--output", "json")...)
	out, err := attach.Output()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("attach (%v): %v, want exit 1 (the run was cancelled)\n%s", args, err, out)
	}
	if f := runFinished(t, string(out)); f.Status != "cancelled" {
		t.Errorf("attach: run %s, want cancelled", f.Status)
	}
}

// runs cancel cancels a Temporal run from anywhere: its workflow is
// cancelled, the worker kills the pipe's process, and the client sees the
// run end cancelled.
func TestRunsCancelTemporal(t *testing.T) {
	queue := queueName(t)
	startWorker(t, queue)
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "long.pid")
	path := writePipeline(t, fmt.Sprintf(`
pipe "long" {
  use    = "exec"
  script = "echo $$ > %s; exec sleep 60"
}
`, pidFile))
	stateDir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	_, stdout, _, applied := startApply(t, ctx, path, "--output", "json", "--state-dir", stateDir,
		"--engine", "temporal", "--temporal-address", address, "--task-queue", queue)
	pid := waitForFile(t, pidFile, applied)
	out, err := exec.Command(dagrunBin, "runs", "cancel", "last", "--state-dir", stateDir).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "cancelled run ") {
		t.Fatalf("runs cancel: %v\n%s", err, out)
	}
	select {
	case <-applied:
	case <-ctx.Done():
		t.Fatal("apply did not end after runs cancel")
	}
	if f := runFinished(t, stdout.String()); f.Status != "cancelled" {
		t.Errorf("run %s, want cancelled", f.Status)
	}
	// The worker kills the pipe's process at its next heartbeat.
	for syscall.Kill(pid, 0) == nil {
		if ctx.Err() != nil {
			t.Fatalf("the pipe's process %d outlived the cancelled run", pid)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
