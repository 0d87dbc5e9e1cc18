package itest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The Temporal server killed mid-run and started again on the same database
// file: the workers, the pipe that ended meanwhile and the client carry on,
// and the run completes.
func TestServerRestart(t *testing.T) {
	if temporalCLI == "" {
		t.Skip("needs the Temporal CLI, to start a server of its own")
	}
	dir := t.TempDir()
	ports, err := freePorts(3)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "temporal.db")
	stop, addr, err := startDevServer(temporalCLI, dir, ports, "--db-filename", db)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { stop() }()
	if err := waitForServer(addr, time.Minute); err != nil {
		t.Fatal(err)
	}
	queue := queueName(t)
	startWorkerOn(t, addr, queue)
	startWorkerOn(t, addr, queue)
	started, gate, ended := filepath.Join(dir, "started"), filepath.Join(dir, "open"), filepath.Join(dir, "ended")
	path := writePipeline(t, fmt.Sprintf(`
pipe "first" {
  use     = "exec"
  command = ["echo", "first"]
}

pipe "wait" {
  use        = "exec"
  depends_on = [pipe.first]
  script     = "echo 1 > %s; while [ ! -f %s ]; do sleep 0.05; done; echo 1 > %s; echo waited"
}

pipe "after" {
  use     = "exec"
  command = ["echo", trimspace(pipe.wait.output.stdout)]
}

output "said" {
  value = trimspace(pipe.after.output.stdout)
}
`, started, gate, ended))
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	_, stdout, stderr, applied := startApply(t, ctx, path, "--output", "json", "--state-dir", t.TempDir(),
		"--engine", "temporal", "--temporal-address", addr, "--task-queue", queue)
	// Mid-run: the pipe runs on a worker (its activity has started; a task
	// the server had handed out but not yet recorded as started is not
	// what this test is about).
	waitForFile(t, started, applied)

	// The server goes (SIGKILL, as when its host is lost); the pipe ends
	// while it is away, and its worker reports it once it is back.
	stop()
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	waitForFile(t, ended, applied)
	if stop, _, err = startDevServer(temporalCLI, dir, ports, "--db-filename", db); err != nil {
		t.Fatal(err)
	}
	if err := waitForServer(addr, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := <-applied; err != nil {
		t.Fatalf("apply across the server's restart: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	f := runFinished(t, stdout.String())
	if f.Status != "succeeded" || len(f.Pipes) != 3 {
		t.Errorf("run_finished: %+v", f)
	}
}
