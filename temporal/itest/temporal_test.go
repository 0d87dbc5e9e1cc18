package itest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/pipes"
	"github.com/dagrun/dagrun/temporal"
)

// mixed has parallel branches, a pipe that succeeds on its third attempt, a
// fan-out over an upstream output, a failing pipe with a skipped dependent
// and a one_failed handler, a false condition, and a composite that reads
// everything.
const mixed = `
pipeline "itest" {
  parallelism = 4
}

variable "dir" {
  type = string
}

defaults {
  retries     = 3
  retry_delay = "100ms"
}

pipe "left" {
  use     = "exec"
  command = ["sh", "-c", "echo left"]
}

pipe "right" {
  use    = "exec"
  script = "echo right; echo side=R >> \"$DAGRUN_OUTPUT\""
}

pipe "items" {
  use   = "value"
  value = { a = 1, b = 2, c = 3 }
}

pipe "flaky" {
  use    = "exec"
  script = <<-EOT
    f="${var.dir}/flaky.count"
    n=$(cat "$f" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$f"
    if [ $n -lt 3 ]; then echo "attempt $n fails" >&2; exit 1; fi
    echo "ok after $n"
  EOT
}

pipe "square" {
  use      = "exec"
  for_each = pipe.items.output
  command  = ["sh", "-c", "echo $((${each.value} * ${each.value}))"]
}

pipe "broken" {
  use     = "exec"
  retries = 1
  script  = "echo oops >&2; exit 3"
}

pipe "after_broken" {
  use        = "value"
  depends_on = [pipe.broken]
  value      = "never"
}

pipe "on_failure" {
  use        = "value"
  trigger    = "one_failed"
  depends_on = [pipe.broken]
  value      = "paged"
}

pipe "unlikely" {
  use   = "value"
  if    = pipe.items.output.a > 5
  value = "no"
}

pipe "report" {
  pipe "collect" {
    use = "value"
    value = {
      left    = trimspace(pipe.left.output.stdout)
      right   = pipe.right.output.values.side
      flaky   = trimspace(pipe.flaky.output.stdout)
      squares = { for k, s in pipe.square : k => tonumber(trimspace(s.output.stdout)) }
    }
  }
  pipe "format" {
    use   = "value"
    value = jsonencode(pipe.collect.output)
  }
}

output "report" {
  value = pipe.format.output
}
`

// recorder keeps a run's events.
type recorder struct {
	mu     sync.Mutex
	events []executor.Event
}

func (r *recorder) Event(e executor.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

// counts is how many events of each type each pipe had.
func (r *recorder) counts() map[string]map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]map[string]int{}
	for _, e := range r.events {
		if out[e.Node] == nil {
			out[e.Node] = map[string]int{}
		}
		name := e.Type.String()
		if e.Type == executor.EventAttemptFinished {
			name += ":" + e.AttemptResult.String()
		}
		out[e.Node][name]++
	}
	return out
}

// pipeView is what must be the same on both engines.
type pipeView struct {
	ID, Pipe, Key, Status, Reason string
	Attempts                      int
	Output                        string
	Err                           string
}

func view(t *testing.T, res *dagrun.Result) []pipeView {
	t.Helper()
	var out []pipeView
	for _, r := range res.Pipes {
		v := pipeView{ID: r.ID, Pipe: r.Pipe, Key: r.Key, Status: r.Status.String(), Reason: r.Reason, Attempts: r.Attempts, Output: jsonOf(t, r.Output)}
		if r.Err != nil {
			v.Err = r.Err.Error()
		}
		out = append(out, v)
	}
	return out
}

func jsonOf(t *testing.T, v cty.Value) string {
	t.Helper()
	if v == cty.NilVal {
		return "nil"
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		t.Fatal(err)
	}
	ty, err := ctyjson.MarshalType(v.Type())
	if err != nil {
		t.Fatal(err)
	}
	return string(ty) + " " + string(b)
}

func writePipeline(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "itest.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSameAsLocal runs one pipeline on the local engine and on Temporal with
// two worker processes: every pipe ends with the same status, reason,
// attempts, output and error, with the same events, and the workflow history
// has one activity pipe_<id>#<n> per attempt of a pipe.
func TestSameAsLocal(t *testing.T) {
	path := writePipeline(t, mixed)
	ctx := context.Background()

	localDir := t.TempDir()
	lp, err := dagrun.Load(path, dagrun.LoadOptions{Vars: map[string]string{"dir": localDir}})
	if err != nil {
		t.Fatal(err)
	}
	var localEvents recorder
	local, err := lp.Run(ctx, dagrun.RunOptions{Observer: &localEvents})
	if err != nil {
		t.Fatal(err)
	}

	queue := queueName(t)
	workers := []*worker{startWorker(t, queue, "--metrics-listen", "127.0.0.1:0"), startWorker(t, queue, "--metrics-listen", "127.0.0.1:0")}
	c := newClient(t)
	remoteDir := t.TempDir()
	rp, err := dagrun.Load(path, dagrun.LoadOptions{Vars: map[string]string{"dir": remoteDir}})
	if err != nil {
		t.Fatal(err)
	}
	src, err := temporal.NewSource(path, rp)
	if err != nil {
		t.Fatal(err)
	}
	var remoteEvents recorder
	var wfID, runID string
	rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	remote, err := temporal.Run(rctx, c, src, temporal.RunOptions{
		TaskQueue: queue,
		Observer:  &remoteEvents,
		Started:   func(id, run string) { wfID, runID = id, run },
	})
	if err != nil {
		t.Fatal(err)
	}

	if remote.Status != local.Status || local.Status != executor.StatusFailed {
		t.Errorf("run status: temporal %s, local %s; want failed (pipe broken fails)", remote.Status, local.Status)
	}
	if diff := cmp.Diff(view(t, local), view(t, remote)); diff != "" {
		t.Errorf("pipes (-local +temporal):\n%s", diff)
	}
	if diff := cmp.Diff(outputsOf(t, local), outputsOf(t, remote)); diff != "" {
		t.Errorf("outputs (-local +temporal):\n%s", diff)
	}
	if diff := cmp.Diff(localEvents.counts(), remoteEvents.counts()); diff != "" {
		t.Errorf("events per pipe (-local +temporal):\n%s", diff)
	}
	want := map[string]struct {
		status   string
		attempts int
	}{
		"flaky": {"succeeded", 3}, "broken": {"failed", 2}, "after_broken": {"skipped", 0},
		"on_failure": {"succeeded", 1}, "unlikely": {"skipped", 0}, "square[b]": {"succeeded", 1},
	}
	for id, w := range want {
		r := findPipe(remote, id)
		if r == nil || r.Status.String() != w.status || r.Attempts != w.attempts {
			t.Errorf("pipe %s: got %+v, want %s after %d attempt(s)", id, r, w.status, w.attempts)
		}
	}

	checkHistory(t, c, wfID, runID, rp, remote)
	replay(t, c, wfID, runID)

	// The workers' metrics count what each ran: together, every attempt.
	checkWorkerMetrics(t, workers, map[string]float64{
		`dagrun_pipe_attempts_total{pipe="flaky",pipeline="itest",result="error"}`:  2,
		`dagrun_pipe_attempts_total{pipe="flaky",pipeline="itest",result="ok"}`:     1,
		`dagrun_pipe_retries_total{pipe="flaky",pipeline="itest"}`:                  2,
		`dagrun_pipe_runs_total{pipe="flaky",pipeline="itest",status="succeeded"}`:  1,
		`dagrun_pipe_runs_total{pipe="broken",pipeline="itest",status="failed"}`:    1,
		`dagrun_pipe_attempts_total{pipe="square",pipeline="itest",result="ok"}`:    3,
		`dagrun_pipe_runs_total{pipe="square",pipeline="itest",status="succeeded"}`: 3,
		`dagrun_pipe_running{pipe="flaky",pipeline="itest"}`:                        0,
	})
}

// checkWorkerMetrics checks each series' value summed over the workers.
func checkWorkerMetrics(t *testing.T, workers []*worker, want map[string]float64) {
	t.Helper()
	for _, series := range slices.Sorted(maps.Keys(want)) {
		var sum float64
		for _, w := range workers {
			sum += metricValue(t, w, series)
		}
		if sum != want[series] {
			t.Errorf("%s: %v over the two workers, want %v", series, sum, want[series])
		}
	}
}

var metricsLine = regexp.MustCompile(`serving metrics on (http://\S+/metrics)`)

// metricValue scrapes a worker's /metrics and returns the value of series (0
// when the worker has none).
func metricValue(t *testing.T, w *worker, series string) float64 {
	t.Helper()
	m := metricsLine.FindStringSubmatch(w.logs.String())
	if m == nil {
		t.Fatalf("worker did not say where it serves metrics:\n%s", w.logs.String())
	}
	resp, err := http.Get(m[1])
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(body), "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	return 0
}

// replay replays the run's history with the workflow code: a workflow that
// is not deterministic fails here (Temporal replays histories whenever a
// worker restarts or loses its cache).
func replay(t *testing.T, c client.Client, wfID, runID string) {
	t.Helper()
	hist := &historypb.History{}
	it := c.GetWorkflowHistory(context.Background(), wfID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		hist.Events = append(hist.Events, ev)
	}
	r := sdkworker.NewWorkflowReplayer()
	r.RegisterWorkflowWithOptions(temporal.Workflow(pipes.Builtins()), workflow.RegisterOptions{Name: temporal.WorkflowName})
	if err := r.ReplayWorkflowHistory(quietLogger(), hist); err != nil {
		t.Errorf("replaying the run's history: %v", err)
	}
}

func findPipe(res *dagrun.Result, id string) *dagrun.PipeResult {
	for k := range res.Pipes {
		if res.Pipes[k].ID == id {
			return &res.Pipes[k]
		}
	}
	return nil
}

func outputsOf(t *testing.T, res *dagrun.Result) map[string]string {
	out := map[string]string{}
	for _, o := range res.Outputs {
		out[o.Name] = jsonOf(t, o.Value)
	}
	return out
}

// checkHistory reads the workflow's history: one activity per attempt of a
// pipe, with activity id pipe_<id>#<attempt>, tried once (the workflow
// retries a pipe with a new activity); none for the pipes that made no
// attempt (skipped, gates) or for a fan-out or a composite itself (its
// instances or steps are the activities).
func checkHistory(t *testing.T, c client.Client, wfID, runID string, p *dagrun.Pipeline, res *dagrun.Result) {
	t.Helper()
	scheduled := map[int64]string{} // event id → activity id
	count := map[string]int{}
	attempts := map[string]int{}
	// The workflow says what it runs: its memo names the pipeline and the
	// run, whose id is in the workflow's.
	desc, err := c.DescribeWorkflowExecution(context.Background(), wfID, runID)
	if err != nil {
		t.Fatal(err)
	}
	memo := map[string]string{}
	for k, v := range desc.GetWorkflowExecutionInfo().GetMemo().GetFields() {
		var s string
		if err := converter.GetDefaultDataConverter().FromPayload(v, &s); err != nil {
			t.Fatalf("memo %s: %v", k, err)
		}
		memo[k] = s
	}
	if memo[temporal.MemoPipeline] != p.Name() {
		t.Errorf("workflow %s: memo %v, want the pipeline %s", wfID, memo, p.Name())
	}
	if run, ok := memo[temporal.MemoRun]; !ok || (run != "" && wfID != p.Name()+"-"+run) {
		t.Errorf("workflow %s: memo %v, want the run, whose id follows the pipeline's name in the workflow's", wfID, memo)
	}
	it := c.GetWorkflowHistory(context.Background(), wfID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if a := ev.GetActivityTaskScheduledEventAttributes(); a != nil {
			scheduled[ev.GetEventId()] = a.GetActivityId()
			count[a.GetActivityId()]++
		}
		if a := ev.GetActivityTaskStartedEventAttributes(); a != nil {
			if id := scheduled[a.GetScheduledEventId()]; !strings.Contains(id, ".poll") { // a sensor's later polls are no attempts
				attempts[id] = int(a.GetAttempt())
			}
		}
	}
	want := map[string]int{}
	for _, r := range res.Pipes {
		if cp, ok := p.Config().Pipe(r.ID); ok && (cp.ForEach != nil || cp.Composite) {
			continue // a fan-out or a composite sums its instances' or steps' attempts
		}
		for n := 1; n <= r.Attempts; n++ {
			want[temporal.ActivityID(r.ID, n)] = 1
		}
	}
	if diff := cmp.Diff(want, attempts); diff != "" {
		t.Errorf("activity attempts in the history (-pipe results +history):\n%s", diff)
	}
	for id, n := range count {
		if n != 1 {
			t.Errorf("activity %s scheduled %d times, want once", id, n)
		}
	}
}

// summary is the text view's table and outputs without the durations, which
// differ from run to run.
func summary(out string) string {
	i := strings.Index(out, "\nPIPE ")
	if i < 0 {
		return "no summary in:\n" + out
	}
	var b strings.Builder
	for _, line := range strings.Split(out[i+1:], "\n") {
		if strings.HasPrefix(line, "Full log") {
			// The command that prints a failed pipe's log names the run,
			// whose id differs.
			break
		}
		f := strings.Fields(line)
		if len(f) >= 4 && !strings.Contains(line, " = ") {
			f = f[:len(f)-1] // the duration
		}
		b.WriteString(strings.Join(f, " ") + "\n")
	}
	return b.String()
}

// TestCLISameAsLocal runs `dagrun apply` with --engine temporal and with the
// local engine: the same exit code, the same summary and outputs in text, the
// same final pipe states and outputs in JSON.
func TestCLISameAsLocal(t *testing.T) {
	path := writePipeline(t, mixed)
	queue := queueName(t)
	startWorker(t, queue)
	startWorker(t, queue)
	remote := []string{"--engine", "temporal", "--temporal-address", address, "--task-queue", queue}
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			args := func(extra ...string) []string {
				return append([]string{"apply", path, "--output", format, "--state-dir", t.TempDir(), "--var", "dir=" + t.TempDir()}, extra...)
			}
			lout, lerr, lcode := runDagrun(t, args()...)
			rout, rerr, rcode := runDagrun(t, args(remote...)...)
			if lcode != 1 || rcode != 1 {
				t.Fatalf("exit codes: local %d, temporal %d; want 1 and 1\nlocal stderr:\n%s\ntemporal stderr:\n%s", lcode, rcode, lerr, rerr)
			}
			if format == "text" {
				if diff := cmp.Diff(summary(lout), summary(rout)); diff != "" {
					t.Errorf("summary (-local +temporal):\n%s", diff)
				}
				return
			}
			lf, rf := runFinished(t, lout), runFinished(t, rout)
			for k := range lf.Pipes {
				lf.Pipes[k].Duration = 0
			}
			for k := range rf.Pipes {
				rf.Pipes[k].Duration = 0
			}
			if diff := cmp.Diff(lf, rf); diff != "" {
				t.Errorf("run_finished (-local +temporal):\n%s", diff)
			}
			if le, re := eventTypes(t, lout), eventTypes(t, rout); !cmp.Equal(le, re) {
				t.Errorf("event types per pipe (-local +temporal):\n%s", cmp.Diff(le, re))
			}
		})
	}
}

type finished struct {
	Status  string         `json:"status"`
	Outputs map[string]any `json:"outputs"`
	Pipes   []struct {
		Pipe     string  `json:"pipe"`
		Status   string  `json:"status"`
		Reason   string  `json:"reason"`
		Attempts int     `json:"attempts"`
		Duration float64 `json:"duration_seconds"`
		Error    string  `json:"error"`
	} `json:"pipes"`
}

func runFinished(t *testing.T, out string) finished {
	t.Helper()
	var f finished
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var probe struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal([]byte(line), &probe); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		if probe.Type == "run_finished" {
			if err := json.Unmarshal([]byte(line), &f); err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatalf("no run_finished event in:\n%s", out)
	return f
}

func eventTypes(t *testing.T, out string) map[string]map[string]int {
	t.Helper()
	m := map[string]map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e struct {
			Type string `json:"type"`
			Pipe string `json:"pipe"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		if m[e.Pipe] == nil {
			m[e.Pipe] = map[string]int{}
		}
		m[e.Pipe][e.Type]++
	}
	return m
}

// slow's first attempt records the worker running it and waits; later
// attempts succeed at once.
const slow = `
variable "dir" {
  type = string
}

pipe "slow" {
  use         = "exec"
  retries     = 2
  retry_delay = "1s"
  script      = <<-EOT
    echo $PPID > "${var.dir}/slow.$DAGRUN_ATTEMPT.worker"
    echo $$ > "${var.dir}/slow.$DAGRUN_ATTEMPT.pid"
    if [ "$DAGRUN_ATTEMPT" = 1 ]; then sleep 120; fi
    echo "done on attempt $DAGRUN_ATTEMPT"
  EOT
}

pipe "after" {
  use   = "value"
  value = trimspace(pipe.slow.output.stdout)
}
`

var startedLine = regexp.MustCompile(`started workflow (\S+) \(run (\S+)\)`)

// TestKillWorker kills (SIGKILL) the worker running a pipe: Temporal notices
// the missing heartbeats, the other worker runs the pipe's second attempt, and
// the run succeeds. Stopping it (SIGTERM) does the same, sooner: the worker
// cancels its pipes and fails their attempts for a retry elsewhere.
func TestKillWorker(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		lost string // the JSON event of the interrupted attempt
	}{
		{syscall.SIGKILL, "attempt_timed_out"},
		{syscall.SIGTERM, "attempt_failed"},
	} {
		t.Run(tc.sig.String(), func(t *testing.T) { testKillWorker(t, tc.sig, tc.lost) })
	}
}

func testKillWorker(t *testing.T, sig syscall.Signal, lost string) {
	dir := t.TempDir()
	path := writePipeline(t, slow)
	queue := queueName(t)
	workers := []*worker{startWorker(t, queue), startWorker(t, queue)}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	stateDir := t.TempDir()
	_, stdout, stderr, applied := startApply(t, ctx, path, "--output", "json", "--state-dir", stateDir,
		"--var", "dir="+dir, "--engine", "temporal", "--temporal-address", address, "--task-queue", queue)

	owner := waitForFile(t, filepath.Join(dir, "slow.1.worker"), applied)
	if pid := readInt(t, filepath.Join(dir, "slow.1.pid")); pid > 0 {
		t.Cleanup(func() { _ = syscall.Kill(-pid, syscall.SIGKILL) }) // the orphaned attempt
	}
	victim, survivor := ownerOf(t, workers, owner)
	victim.signal(t, sig)

	if err := <-applied; err != nil {
		t.Fatalf("apply: %v\nstderr:\n%s\nstdout:\n%s", err, stderr.String(), stdout.String())
	}
	if got := readInt(t, filepath.Join(dir, "slow.2.worker")); got != survivor.cmd.Process.Pid {
		t.Errorf("attempt 2 ran in process %d, want the other worker %d", got, survivor.cmd.Process.Pid)
	}
	f := runFinished(t, stdout.String())
	got := map[string]string{}
	for _, p := range f.Pipes {
		got[p.Pipe] = fmt.Sprintf("%s/%d", p.Status, p.Attempts)
	}
	if diff := cmp.Diff(map[string]string{"slow": "succeeded/2", "after": "succeeded/1"}, got); diff != "" {
		t.Errorf("pipes (-want +got):\n%s", diff)
	}
	if f.Status != "succeeded" {
		t.Errorf("run %s, want succeeded", f.Status)
	}
	if !strings.Contains(stdout.String(), `"type":"`+lost+`","pipeline":"itest","pipe":"slow","path":"slow","attempt":1,`) {
		t.Errorf("no %s event for attempt 1 in:\n%s", lost, stdout.String())
	}

	m := startedLine.FindStringSubmatch(stderr.String())
	if m == nil {
		t.Fatalf("apply did not say which workflow it started:\n%s", stderr.String())
	}
	var run struct {
		Type string `json:"type"`
		ID   string `json:"run_id"`
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if _ = json.Unmarshal([]byte(line), &run); run.Type == "run_finished" {
			break
		}
	}
	if run.ID == "" || m[1] != "itest-"+run.ID {
		t.Errorf("workflow %s of run %q: want the pipeline's name and the run's id", m[1], run.ID)
	}
	// The run's record says where it ran, as soon as the workflow started.
	show := exec.Command(dagrunBin, "runs", "show", run.ID, "--output", "json", "--state-dir", stateDir)
	out, err := show.Output()
	if err != nil {
		t.Fatalf("runs show: %v\n%s", err, out)
	}
	var rec struct {
		Engine struct {
			Name, Address, Namespace string
			TaskQueue                string `json:"task_queue"`
			WorkflowID               string `json:"workflow_id"`
			RunID                    string `json:"workflow_run_id"`
		}
	}
	if err := json.Unmarshal(out, &rec); err != nil {
		t.Fatal(err)
	}
	if e := rec.Engine; e.Name != "temporal" || e.Address != address || e.Namespace != "default" || e.WorkflowID != m[1] || e.RunID != m[2] || e.TaskQueue == "" {
		t.Errorf("runs show: engine %+v, want workflow %s (run %s) at %s", e, m[1], m[2], address)
	}
	c := newClient(t)
	p, err := dagrun.Load(path, dagrun.LoadOptions{Vars: map[string]string{"dir": dir}})
	if err != nil {
		t.Fatal(err)
	}
	res := &dagrun.Result{}
	for _, pp := range f.Pipes {
		res.Pipes = append(res.Pipes, dagrun.PipeResult{ID: pp.Pipe, Attempts: pp.Attempts})
	}
	checkHistory(t, c, m[1], m[2], p, res)
}

// waitForFile waits until path exists and returns the number in it; a run
// that ends first fails the test.
// ownerOf splits two workers into the one whose process id is owner (the
// one running an attempt) and the other.
func ownerOf(t *testing.T, workers []*worker, owner int) (victim, survivor *worker) {
	t.Helper()
	for _, w := range workers {
		if w.cmd.Process.Pid == owner {
			victim = w
		} else {
			survivor = w
		}
	}
	if victim == nil {
		t.Fatalf("the attempt ran in process %d, not a worker (%d, %d)", owner, workers[0].cmd.Process.Pid, workers[1].cmd.Process.Pid)
	}
	return victim, survivor
}

func waitForFile(t *testing.T, path string, ended <-chan error) int {
	t.Helper()
	deadline := time.After(2 * time.Minute)
	for {
		if n := readIntQuiet(path); n > 0 {
			return n
		}
		select {
		case err := <-ended:
			t.Fatalf("the run ended (%v) before %s was written", err, path)
		case <-deadline:
			t.Fatalf("%s was not written", path)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitForLine waits until out has a line containing s; a run that ends
// first fails the test.
// startApply starts `dagrun apply args...` under ctx; applied gets the end
// of its Wait.
func startApply(t *testing.T, ctx context.Context, args ...string) (apply *exec.Cmd, stdout, stderr *syncBuffer, applied <-chan error) {
	t.Helper()
	apply = exec.CommandContext(ctx, dagrunBin, append([]string{"apply"}, args...)...)
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	apply.Stdout, apply.Stderr = stdout, stderr
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- apply.Wait() }()
	return apply, stdout, stderr, done
}

// interrupt sends SIGINT to apply and checks that it exits 130 (the time
// it took is logged).
func interrupt(t *testing.T, apply *exec.Cmd, stderr *syncBuffer, applied <-chan error) {
	t.Helper()
	interrupted := time.Now()
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := <-applied
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 130 {
		t.Fatalf("apply after SIGINT: %v, want exit 130\nstderr:\n%s", err, stderr.String())
	}
	t.Logf("apply ended %s after SIGINT", time.Since(interrupted).Round(time.Millisecond))
}

func waitForLine(t *testing.T, out *syncBuffer, s string, ended <-chan error) {
	t.Helper()
	deadline := time.After(2 * time.Minute)
	for !strings.Contains(out.String(), s) {
		select {
		case err := <-ended:
			t.Fatalf("the run ended (%v) before it printed %s:\n%s", err, s, out.String())
		case <-deadline:
			t.Fatalf("no %s in:\n%s", s, out.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func readInt(t *testing.T, path string) int {
	t.Helper()
	n := readIntQuiet(path)
	if n == 0 {
		t.Fatalf("%s: no number", path)
	}
	return n
}

func readIntQuiet(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	if !s.Scan() {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(s.Text()))
	return n
}

// long runs until it is cancelled; its process records its pid (a process
// group leader: exec puts each pipe in its own group).
const long = `
pipeline "itest" {
  timeout = "%s"
}

variable "dir" {
  type = string
}

pipe "long" {
  use     = "exec"
  retries = 0
  script  = "echo $$ > \"${var.dir}/long.pid\"; exec sleep 120"
}

pipe "quick" {
  use   = "value"
  value = "done"
}

pipe "after" {
  use        = "value"
  depends_on = [pipe.long]
  value      = 1
}
`

// TestInterrupt sends SIGINT to apply --engine temporal while a pipe runs:
// the workflow is cancelled, the pipe's process is killed on its worker, and
// apply exits 130 with the pipe cancelled, as the local engine does.
func TestInterrupt(t *testing.T) {
	dir := t.TempDir()
	path := writePipeline(t, fmt.Sprintf(long, "1h"))
	queue := queueName(t)
	startWorker(t, queue)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	apply, stdout, stderr, applied := startApply(t, ctx, path, "--output", "json", "--state-dir", t.TempDir(),
		"--var", "dir="+dir, "--engine", "temporal", "--temporal-address", address, "--task-queue", queue)
	pid := waitForFile(t, filepath.Join(dir, "long.pid"), applied)
	t.Cleanup(func() { _ = syscall.Kill(-pid, syscall.SIGKILL) })
	// quick is over before the interrupt, as it is locally: an attempt whose
	// result reaches the workflow after the run stopped is cancelled.
	waitForLine(t, stdout, `"type":"pipe_succeeded","pipeline":"itest","pipe":"quick"`, applied)

	interrupt(t, apply, stderr, applied)
	if syscall.Kill(pid, 0) == nil {
		t.Errorf("the pipe's process %d still runs after the run was cancelled", pid)
	}
	f := runFinished(t, stdout.String())
	got := map[string]string{}
	for _, p := range f.Pipes {
		got[p.Pipe] = p.Status + " " + p.Reason
	}
	want := map[string]string{"long": "cancelled run_cancelled", "quick": "succeeded ", "after": "cancelled run_cancelled"}
	if diff := cmp.Diff(want, got); diff != "" || f.Status != "cancelled" {
		t.Errorf("run %s; pipes (-want +got):\n%s", f.Status, diff)
	}
}

// TestRunTimeout: the pipeline's timeout ends the run on both engines with
// the same statuses (failed, the running pipe cancelled with reason
// run_timeout) and exit code 1.
func TestRunTimeout(t *testing.T) {
	path := writePipeline(t, fmt.Sprintf(long, "2s"))
	queue := queueName(t)
	startWorker(t, queue)
	results := map[string]finished{}
	for _, engine := range []string{"local", "temporal"} {
		dir := t.TempDir()
		args := []string{"apply", path, "--output", "json", "--state-dir", t.TempDir(), "--var", "dir=" + dir,
			"--engine", engine, "--temporal-address", address, "--task-queue", queue}
		out, errOut, code := runDagrun(t, args...)
		if code != 1 {
			t.Fatalf("%s: exit %d, want 1\nstderr:\n%s", engine, code, errOut)
		}
		if pid := readIntQuiet(filepath.Join(dir, "long.pid")); pid > 0 && syscall.Kill(pid, 0) == nil {
			_ = syscall.Kill(-pid, syscall.SIGKILL)
			t.Errorf("%s: the pipe's process still runs after the timeout", engine)
		}
		f := runFinished(t, out)
		for k := range f.Pipes {
			f.Pipes[k].Duration = 0
			// A cancelled exec names the cancellation's cause, which only
			// the local engine knows ("run exceeded its timeout").
			if i := strings.LastIndex(f.Pipes[k].Error, " ("); i >= 0 && f.Pipes[k].Status == "cancelled" {
				f.Pipes[k].Error = f.Pipes[k].Error[:i]
			}
		}
		results[engine] = f
	}
	if diff := cmp.Diff(results["local"], results["temporal"]); diff != "" {
		t.Errorf("run_finished (-local +temporal):\n%s", diff)
	}
	if got := results["temporal"]; got.Status != "failed" || !strings.Contains(fmt.Sprint(got.Pipes), "run_timeout") {
		t.Errorf("temporal run: %+v, want failed with a pipe cancelled by run_timeout", got)
	}
}
