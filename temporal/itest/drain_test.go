package itest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A worker stopped with SIGTERM and a --drain-timeout lets the attempt it
// runs finish (one attempt, succeeded) and report it before it exits;
// without one, the attempt would be cut and retried elsewhere
// (TestKillWorker).
func TestWorkerDrains(t *testing.T) {
	queue := queueName(t)
	w := startWorker(t, queue, "--drain-timeout", "2m")
	dir := t.TempDir()
	gate, started := filepath.Join(dir, "open"), filepath.Join(dir, "started")
	path := writePipeline(t, fmt.Sprintf(`
pipe "slow" {
  use    = "exec"
  script = "echo 1 > %s; while [ ! -f %s ]; do sleep 0.05; done"
}
`, started, gate))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, stdout, stderr, applied := startApply(t, ctx, path, "--output", "json", "--engine", "temporal",
		"--temporal-address", address, "--task-queue", queue)
	waitForFile(t, started, applied)
	if err := w.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for !strings.Contains(w.logs.String(), "draining") {
		select {
		case <-w.done:
			t.Fatalf("the worker ended without draining:\n%s", w.logs.String())
		case <-ctx.Done():
			t.Fatalf("the worker never said it drains:\n%s", w.logs.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	select {
	case <-w.done:
		t.Fatalf("the worker ended while its attempt ran:\n%s", w.logs.String())
	default:
	}
	// Another worker carries the workflow on: the draining one polls for
	// no more work, its own workflow tasks included.
	startWorker(t, queue)
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := <-applied; err != nil {
		t.Fatalf("apply: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	f := runFinished(t, stdout.String())
	if f.Status != "succeeded" || len(f.Pipes) != 1 || f.Pipes[0].Attempts != 1 {
		t.Errorf("run %+v, want slow succeeded in its one attempt", f)
	}
	select {
	case <-w.done:
	case <-ctx.Done():
		t.Fatal("the worker did not exit after its attempt finished")
	}
}
