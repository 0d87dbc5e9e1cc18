package itest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
)

// A pipe with a short timeout runs its attempts as local activities: each
// attempt one local activity tried once (the workflow retries the pipe),
// its log sent home, its events and metrics as for a regular activity.
func TestLocalAttempts(t *testing.T) {
	dir := t.TempDir()
	path := writePipeline(t, `
variable "dir" {
  type = string
}

pipe "flaky" {
  use         = "exec"
  timeout     = "30s"
  retries     = 2
  retry_delay = "10ms"
  script      = <<-SH
    echo "out of attempt $DAGRUN_ATTEMPT"
    echo $PPID >> "${var.dir}/flaky.workers"
    [ "$DAGRUN_ATTEMPT" -ge 3 ]
  SH
}

pipe "after" {
  use     = "exec"
  timeout = "5s"
  command = ["echo", "after ${pipe.flaky.status}"]
}

pipe "remote" {
  use     = "exec"
  command = ["echo", "no timeout"]
}
`)
	queue := queueName(t)
	workers := []*worker{startWorker(t, queue, "--metrics-listen", "127.0.0.1:0"), startWorker(t, queue, "--metrics-listen", "127.0.0.1:0")}
	stateDir := t.TempDir()
	out, errOut, code := runDagrun(t, "apply", path, "--output", "json", "--state-dir", stateDir, "--var", "dir="+dir,
		"--engine", "temporal", "--temporal-address", address, "--task-queue", queue)
	if code != 0 {
		t.Fatalf("apply: exit %d\n%s", code, errOut)
	}
	f := runFinished(t, out)
	got := map[string]string{}
	for _, p := range f.Pipes {
		got[p.Pipe] = fmt.Sprintf("%s/%d", p.Status, p.Attempts)
	}
	if diff := cmp.Diff(map[string]string{"flaky": "succeeded/3", "after": "succeeded/1", "remote": "succeeded/1"}, got); diff != "" {
		t.Errorf("pipes (-want +got):\n%s", diff)
	}
	events := eventTypes(t, out)
	if diff := cmp.Diff(map[string]int{"pipe_ready": 1, "pipe_started": 3, "attempt_failed": 2, "pipe_retrying": 2, "attempt_succeeded": 1, "pipe_succeeded": 1}, events["flaky"]); diff != "" {
		t.Errorf("events of flaky (-want +got):\n%s", diff)
	}

	// The history: a local activity marker per attempt of the short pipes,
	// a regular activity for the pipe without a timeout.
	m := startedLine.FindStringSubmatch(errOut)
	if m == nil {
		t.Fatalf("apply did not say which workflow it started:\n%s", errOut)
	}
	c := newClient(t)
	markers, scheduled := 0, []string{}
	it := c.GetWorkflowHistory(context.Background(), m[1], m[2], false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			if ev.GetMarkerRecordedEventAttributes().GetMarkerName() == "LocalActivity" {
				markers++
			}
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			scheduled = append(scheduled, ev.GetActivityTaskScheduledEventAttributes().GetActivityId())
		}
	}
	if markers != 4 {
		t.Errorf("%d local activities in the history, want 4 (flaky's 3 attempts, after's 1)", markers)
	}
	if !slices.Equal(scheduled, []string{"pipe_remote#1"}) {
		t.Errorf("activities scheduled: %v, want only remote's", scheduled)
	}
	replay(t, c, m[1], m[2])

	// Its log came home.
	logs, err := exec.Command(dagrunBin, "runs", "logs", "last", "flaky", "--state-dir", stateDir).CombinedOutput()
	if err != nil {
		t.Fatalf("runs logs: %v\n%s", err, logs)
	}
	want := regexp.MustCompile(`(?s)=== attempt 1/3 started .*out of attempt 1\n.*=== attempt 1/3 failed.*=== attempt 2/3 started .*out of attempt 2\n.*=== attempt 3/3 started .*out of attempt 3\n.*=== attempt 3/3 succeeded`)
	if !want.Match(logs) {
		t.Errorf("runs logs of flaky:\n%s", logs)
	}

	// The workers' metrics count its attempts, as for regular activities.
	checkWorkerMetrics(t, workers, map[string]float64{
		`dagrun_pipe_attempts_total{pipe="flaky",pipeline="itest",result="error"}`: 2,
		`dagrun_pipe_attempts_total{pipe="flaky",pipeline="itest",result="ok"}`:    1,
		`dagrun_pipe_retries_total{pipe="flaky",pipeline="itest"}`:                 2,
		`dagrun_pipe_runs_total{pipe="flaky",pipeline="itest",status="succeeded"}`: 1,
		`dagrun_pipe_runs_total{pipe="after",pipeline="itest",status="succeeded"}`: 1,
		`dagrun_pipe_running{pipe="flaky",pipeline="itest"}`:                       0,
	})
}

// TestInterruptLocal sends SIGINT to apply while a local attempt runs: the
// workflow is cancelled and the attempt's process group killed, as for a
// regular activity. The cancellation reaches the workflow when its task
// next completes: after the attempt, or at the task's heartbeat (8 s of
// Temporal's default workflow task timeout of 10 s) for a long attempt.
func TestInterruptLocal(t *testing.T) {
	dir := t.TempDir()
	path := writePipeline(t, `
variable "dir" {
  type = string
}

pipe "long" {
  use     = "exec"
  timeout = "30s"
  retries = 0
  script  = "echo $$ > \"${var.dir}/long.pid\"; sleep 25 & echo $! > \"${var.dir}/child.pid\"; wait"
}

pipe "after" {
  use        = "value"
  depends_on = [pipe.long]
  value      = 1
}
`)
	queue := queueName(t)
	startWorker(t, queue)
	startWorker(t, queue)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	apply, stdout, stderr, applied := startApply(t, ctx, path, "--output", "json", "--state-dir", t.TempDir(),
		"--var", "dir="+dir, "--engine", "temporal", "--temporal-address", address, "--task-queue", queue)
	pid := waitForFile(t, filepath.Join(dir, "long.pid"), applied)
	child := waitForFile(t, filepath.Join(dir, "child.pid"), applied)
	t.Cleanup(func() { _ = syscall.Kill(-pid, syscall.SIGKILL) })
	interrupt(t, apply, stderr, applied)
	for _, p := range []int{pid, child} {
		if !gone(p) {
			t.Errorf("process %d of the local attempt still runs after the run was cancelled", p)
		}
	}
	f := runFinished(t, stdout.String())
	got := map[string]string{}
	for _, p := range f.Pipes {
		got[p.Pipe] = p.Status + " " + p.Reason
	}
	want := map[string]string{"long": "cancelled run_cancelled", "after": "cancelled run_cancelled"}
	if diff := cmp.Diff(want, got); diff != "" || f.Status != "cancelled" {
		t.Errorf("run %s; pipes (-want +got):\n%s", f.Status, diff)
	}
}

// TestKillWorkerLocal kills (SIGKILL) the worker that runs a local attempt,
// and with it the workflow task that attempt belongs to: the task times out,
// the other worker replays the workflow and runs the attempt again, and the
// run succeeds. The attempt's first run left nothing in the workflow: the
// view and the record show one attempt, run on the other worker.
func TestKillWorkerLocal(t *testing.T) {
	dir := t.TempDir()
	path := writePipeline(t, `
variable "dir" {
  type = string
}

pipe "slow" {
  use     = "exec"
  timeout = "30s"
  retries = 0
  script  = <<-EOT
    if mkdir "${var.dir}/first" 2>/dev/null; then
      echo $$ > "${var.dir}/first.pid"
      echo $PPID > "${var.dir}/first.worker"
      sleep 25
    fi
    echo $PPID > "${var.dir}/second.worker"
    echo "done on attempt $DAGRUN_ATTEMPT"
  EOT
}

pipe "after" {
  use   = "value"
  value = trimspace(pipe.slow.output.stdout)
}
`)
	queue := queueName(t)
	workers := []*worker{startWorker(t, queue), startWorker(t, queue)}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	_, stdout, stderr, applied := startApply(t, ctx, path, "--output", "json", "--state-dir", t.TempDir(),
		"--var", "dir="+dir, "--engine", "temporal", "--temporal-address", address, "--task-queue", queue)
	owner := waitForFile(t, filepath.Join(dir, "first.worker"), applied)
	if pid := readInt(t, filepath.Join(dir, "first.pid")); pid > 0 {
		t.Cleanup(func() { _ = syscall.Kill(-pid, syscall.SIGKILL) }) // the orphaned attempt
	}
	victim, survivor := ownerOf(t, workers, owner)
	killed := time.Now()
	victim.signal(t, syscall.SIGKILL)
	if err := <-applied; err != nil {
		t.Fatalf("apply: %v\nstderr:\n%s\nstdout:\n%s", err, stderr.String(), stdout.String())
	}
	t.Logf("the run ended %s after the worker was killed", time.Since(killed).Round(time.Millisecond))
	if got := readInt(t, filepath.Join(dir, "second.worker")); got != survivor.cmd.Process.Pid {
		t.Errorf("the attempt ran again in process %d, want the other worker %d", got, survivor.cmd.Process.Pid)
	}
	f := runFinished(t, stdout.String())
	got := map[string]string{}
	for _, p := range f.Pipes {
		got[p.Pipe] = fmt.Sprintf("%s/%d", p.Status, p.Attempts)
	}
	if diff := cmp.Diff(map[string]string{"slow": "succeeded/1", "after": "succeeded/1"}, got); diff != "" || f.Status != "succeeded" {
		t.Errorf("run %s; pipes (-want +got):\n%s", f.Status, diff)
	}
	if diff := cmp.Diff(map[string]int{"pipe_ready": 1, "pipe_started": 1, "attempt_succeeded": 1, "pipe_succeeded": 1}, eventTypes(t, stdout.String())["slow"]); diff != "" {
		t.Errorf("events of slow (-want +got):\n%s", diff)
	}
	if m := startedLine.FindStringSubmatch(stderr.String()); m != nil {
		replay(t, newClient(t), m[1], m[2])
	}
}

// gone waits a little for process pid to end (a killed process's parent
// may not have reaped it yet), and reports whether it did.
func gone(pid int) bool {
	for range 50 {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return true
		}
		// The state follows the command's closing parenthesis: Z is a
		// zombie, dead but not reaped.
		if i := bytes.LastIndexByte(stat, ')'); i >= 0 && bytes.HasPrefix(stat[i+1:], []byte(" Z")) {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

// TestLocalChainView measures how late the live view is during a chain of
// local attempts: the workflow answers the client's queries between its
// tasks, and local attempts keep a task going for up to 2 s of them, so the
// view shows their events in bursts. The lateness is logged, for
// docs/distributed.md; the test checks that every event arrives, in order,
// and that the history replays.
func TestLocalChainView(t *testing.T) {
	var src strings.Builder
	const n = 30
	for i := range n {
		fmt.Fprintf(&src, "pipe \"p%d\" {\n  use = \"sleep\"\n  duration = \"400ms\"\n  timeout = \"5s\"\n", i)
		if i > 0 {
			fmt.Fprintf(&src, "  depends_on = [pipe.p%d]\n", i-1)
		}
		src.WriteString("}\n")
	}
	path := writePipeline(t, src.String())
	queue := queueName(t)
	startWorker(t, queue)
	startWorker(t, queue)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	lines := &arrivals{}
	cmd := exec.CommandContext(ctx, dagrunBin, "apply", path, "--output", "json", "--state-dir", t.TempDir(),
		"--engine", "temporal", "--temporal-address", address, "--task-queue", queue)
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = lines, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("apply: %v\n%s", err, errb.String())
	}
	if m := startedLine.FindStringSubmatch(errb.String()); m != nil {
		replay(t, newClient(t), m[1], m[2])
	}
	var lates []time.Duration
	succeeded := 0
	for k, l := range lines.lines {
		var e struct {
			Type string    `json:"type"`
			Pipe string    `json:"pipe"`
			Time time.Time `json:"time"`
		}
		if err := json.Unmarshal(l.text, &e); err != nil {
			t.Fatalf("line %d: %v", k, err)
		}
		if e.Type != "pipe_succeeded" {
			continue
		}
		if e.Pipe != fmt.Sprintf("p%d", succeeded) {
			t.Errorf("pipe_succeeded of %s, want p%d", e.Pipe, succeeded)
		}
		succeeded++
		lates = append(lates, l.at.Sub(e.Time))
	}
	if succeeded != n {
		t.Fatalf("%d pipe_succeeded lines, want %d", succeeded, n)
	}
	slices.Sort(lates)
	t.Logf("a chain of %d local attempts of 0.4 s: the view showed a pipe's end %s after it (median), %s at most",
		n, lates[len(lates)/2].Round(time.Millisecond), lates[len(lates)-1].Round(time.Millisecond))
}

// arrivals keeps the lines written to it with the time each arrived.
type arrivals struct {
	mu    sync.Mutex
	part  []byte
	lines []arrival
}

type arrival struct {
	text []byte
	at   time.Time
}

func (a *arrivals) Write(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	a.part = append(a.part, p...)
	for {
		i := bytes.IndexByte(a.part, '\n')
		if i < 0 {
			return len(p), nil
		}
		a.lines = append(a.lines, arrival{text: slices.Clone(a.part[:i]), at: now})
		a.part = a.part[i+1:]
	}
}
