package itest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --resume on Temporal has its local meaning: what succeeded in the run
// resumed is reused (its output too), the rest runs, as a new workflow.
func TestTemporalResume(t *testing.T) {
	queue := queueName(t)
	startWorker(t, queue)
	startWorker(t, queue)
	work := t.TempDir()
	path := writePipeline(t, `
variable "work" {
  type = string
}

pipe "a" {
  use    = "exec"
  script = "echo run >> ${var.work}/a.count; echo 41"
}

pipe "b" {
  use    = "exec"
  script = "echo run >> ${var.work}/b.count; echo b"
}

pipe "flaky" {
  use     = "exec"
  retries = 0
  command = ["sh", "-c", "echo run >> ${var.work}/flaky.count; [ -e ${var.work}/fixed ] && echo $(( $0 + 1 ))", trimspace(pipe.a.output.stdout)]
}

pipe "after" {
  use    = "exec"
  script = "echo run >> ${var.work}/after.count; echo ${trimspace(pipe.flaky.output.stdout)}"
}

output "answer" {
  value = trimspace(pipe.after.output.stdout)
}
`)
	stateDir := t.TempDir()
	args := []string{"apply", path, "--state-dir", stateDir, "--var", "work=" + work, "--engine", "temporal",
		"--temporal-address", address, "--task-queue", queue, "--no-color"}

	_, stderr, code := runDagrun(t, args...)
	if code != 1 {
		t.Fatalf("the first run exited %d, want 1 (flaky fails):\n%s", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(work, "fixed"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runDagrun(t, append(args, "--resume", "last")...)
	if code != 0 {
		t.Fatalf("the resume exited %d:\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "resuming run ") || !strings.Contains(stderr, ": 2 result(s) reused") {
		t.Errorf("the resume does not say it reuses a and b:\n%s", stderr)
	}
	if !strings.Contains(stdout, `answer = "42"`) {
		t.Errorf("the resumed run's output is not a's 41 plus one:\n%s", stdout)
	}
	for pipe, want := range map[string]int{"a": 1, "b": 1, "flaky": 2, "after": 1} {
		if n := countLines(t, filepath.Join(work, pipe+".count")); n != want {
			t.Errorf("%s ran %d time(s) in the two runs, want %d", pipe, n, want)
		}
	}
	show, stderr, code := runDagrun(t, "runs", "show", "last", "--state-dir", stateDir, "--output", "json")
	if code != 0 {
		t.Fatalf("runs show: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{`"resumed_from"`, `"reused": true`} {
		if !strings.Contains(show, want) {
			t.Errorf("runs show of the resumed run has no %s:\n%s", want, show)
		}
	}
	// --only takes the upstreams' results the same way.
	stdout, stderr, code = runDagrun(t, append(args, "--only", "after")...)
	if code != 0 || !strings.Contains(stdout, `answer = "42"`) {
		t.Fatalf("--only after: exit %d:\n%s\n%s", code, stdout, stderr)
	}
	if a, f, n := countLines(t, filepath.Join(work, "a.count")), countLines(t, filepath.Join(work, "flaky.count")), countLines(t, filepath.Join(work, "after.count")); a != 1 || f != 2 || n != 2 {
		t.Errorf("after --only after: a ran %d time(s), flaky %d, after %d; want 1, 2, 2", a, f, n)
	}
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}
