package itest

import (
	"context"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// What a pipe's attempts write on the workers comes home with their
// results: `runs logs` prints it, attempt by attempt, as for a local run.
func TestTemporalRunsLogs(t *testing.T) {
	queue := queueName(t)
	startWorker(t, queue)
	path := writePipeline(t, `
pipe "flaky" {
  use         = "exec"
  retries     = 1
  retry_delay = "10ms"
  script      = <<-SH
    echo "out of attempt $DAGRUN_ATTEMPT"
    echo "err of attempt $DAGRUN_ATTEMPT" >&2
    [ "$DAGRUN_ATTEMPT" -ge 2 ]
  SH
}
`)
	stateDir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, dagrunBin, "apply", path, "--state-dir", stateDir, "--engine", "temporal",
		"--temporal-address", address, "--task-queue", queue).CombinedOutput(); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	out, err := exec.CommandContext(ctx, dagrunBin, "runs", "logs", "last", "flaky", "--state-dir", stateDir).CombinedOutput()
	if err != nil {
		t.Fatalf("runs logs: %v\n%s", err, out)
	}
	log := string(out)
	want := regexp.MustCompile(`(?s)=== attempt 1/2 started .*out of attempt 1\n.*=== attempt 1/2 failed.*=== attempt 2/2 started .*out of attempt 2\n.*=== attempt 2/2 succeeded`)
	if !want.MatchString(log) || !strings.Contains(log, "err of attempt 1\n") || !strings.Contains(log, "err of attempt 2\n") {
		t.Errorf("runs logs of a Temporal run:\n%s", log)
	}
	if strings.Count(log, "out of attempt 1") != 1 {
		t.Errorf("attempt 1's line is not there once:\n%s", log)
	}
}
