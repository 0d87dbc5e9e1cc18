package temporal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	tlog "go.temporal.io/sdk/log"
	sdktemporal "go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/pipes"
)

// tryArgs are the arguments of the test pipe type "try": it fails its
// attempts before fail_until (permanently when permanent is set), then
// returns value.
type tryArgs struct {
	FailUntil int       `hcl:"fail_until,optional"`
	Permanent bool      `hcl:"permanent,optional"`
	Value     cty.Value `hcl:"value,optional"`
}

func testTypes(t *testing.T) *pipes.Registry {
	t.Helper()
	reg := pipes.Builtins()
	err := pipes.Register(reg, "try", func(_ context.Context, a *tryArgs, rt pipes.Runtime) (cty.Value, error) {
		if rt.Attempt < a.FailUntil {
			err := fmt.Errorf("%s: attempt %d fails", rt.Pipe, rt.Attempt)
			if a.Permanent {
				err = pipes.Permanent(err)
			}
			return cty.StringVal("partial"), err
		}
		if a.Value == cty.NilVal {
			return cty.StringVal("ok"), nil
		}
		return a.Value, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// cases are pipelines run on both engines; the results must be the same.
var cases = map[string]string{
	"triggers and retries": `
defaults {
  retries     = 2
  retry_delay = "1s"
}
pipe "a" {
  use        = "try"
  fail_until = 3
  value      = { n = 1, s = ["x", "y"] }
}
pipe "b" {
  use        = "try"
  fail_until = 9
}
pipe "perm" {
  use        = "try"
  fail_until = 9
  permanent  = true
}
pipe "all_success" {
  use        = "value"
  depends_on = [pipe.a, pipe.b]
  value      = "no"
}
pipe "all_done" {
  use        = "value"
  trigger    = "all_done"
  depends_on = [pipe.a, pipe.b]
  value      = pipe.a.output.n + 1
}
pipe "none_failed" {
  use        = "value"
  trigger    = "none_failed"
  depends_on = [pipe.all_success]
  value      = "skipped is fine"
}
pipe "one_failed" {
  use        = "value"
  trigger    = "one_failed"
  depends_on = [pipe.a, pipe.b]
  value      = pipe.b.error
}
pipe "one_success" {
  use        = "value"
  trigger    = "one_success"
  depends_on = [pipe.b, pipe.perm]
  value      = "no"
}
pipe "all_failed" {
  use        = "value"
  trigger    = "all_failed"
  depends_on = [pipe.b, pipe.perm]
  value      = [pipe.b.attempts, pipe.perm.attempts]
}
pipe "cond" {
  use   = "value"
  if    = pipe.a.output.n > 5
  value = "no"
}
pipe "bad_args" {
  use        = "try"
  fail_until = pipe.a.output.s
}
pipe "bad_cond" {
  use   = "value"
  if    = pipe.a.output.s
  value = "no"
}
output "o" {
  value = [pipe.all_done.output, pipe.all_failed.output]
}
`,
	"composites, for_each, pools": `
pipeline "p" {
  parallelism = 2
}
pool "narrow" {
  size = 1
}
defaults {
  retries     = 1
  retry_delay = "1s"
}
pipe "items" {
  use   = "value"
  value = { a = 1, b = 2, c = 3 }
}
pipe "static" {
  use      = "try"
  for_each = ["x", "y"]
  pool     = "narrow"
  value    = "${each.key}=${each.value}"
}
pipe "dynamic" {
  use        = "try"
  for_each   = pipe.items.output
  fail_until = each.value == 2 ? 2 : 0
  value      = each.value * 10
}
pipe "per_key" {
  use      = "value"
  for_each = pipe.items.output
  if       = each.value != 3
  value    = each.key
}
pipe "routing" {
  sequential = true
  pipe "load" {
    use   = "value"
    value = "loaded"
  }
  pipe "store" {
    use   = "value"
    value = "${pipe.load.output}!"
  }
}
pipe "fan" {
  for_each = toset(["p", "q"])
  pipe "first" {
    use   = "value"
    value = "first-${each.key}"
  }
  pipe "second" {
    use        = "try"
    fail_until = each.key == "q" ? 5 : 0
    value      = "${pipe.first.output}+"
  }
}
pipe "empty" {
  use      = "value"
  for_each = []
  value    = each.value
}
pipe "not_a_collection" {
  use      = "value"
  for_each = pipe.items.output.a
  value    = each.value
}
pipe "total" {
  use   = "value"
  value = { for k, d in pipe.dynamic : k => d.output }
}
pipe "after_fan" {
  use     = "value"
  trigger = "all_done"
  value   = [for k, s in pipe.second : s.status]
}
output "routed" {
  value = pipe.store.output
}
`,
	"timeouts": `
pipe "slow" {
  use          = "sleep"
  duration     = "1m"
  timeout      = "200ms"
  retries      = 1
  retry_delay  = "100ms"
  retry_jitter = 0.5
}
pipe "after_slow" {
  use        = "value"
  trigger    = "all_done"
  depends_on = [pipe.slow]
  value      = [pipe.slow.error, pipe.slow.attempts]
}
`,
	"sensors, skip_if, retry_if": `
defaults {
  retries     = 2
  retry_delay = "10ms"
}
pipe "polled" {
  use      = "wait"
  command  = ["sh", "-c", "echo x >> polls; [ $(wc -l < polls) -ge 3 ] && rm polls"]
  interval = "20ms"
  deadline = "1m"
}
pipe "never_skip" {
  use         = "wait"
  path        = "absent"
  interval    = "50ms"
  deadline    = "200ms"
  on_deadline = "skip"
}
pipe "never_fail" {
  use      = "wait"
  path     = "absent"
  interval = "50ms"
  deadline = "200ms"
}
pipe "ready" {
  use  = "wait"
  expr = pipe.polled.output.exit_code == 0
}
pipe "nothing" {
  use     = "exec"
  command = ["echo", "none"]
  skip_if = trimspace(self.output.stdout) == "none"
}
pipe "after_nothing" {
  use   = "value"
  value = pipe.nothing.output.stdout
}
pipe "join" {
  use        = "value"
  trigger    = "none_failed_min_one_success"
  depends_on = [pipe.after_nothing, pipe.ready]
  value      = "joined"
}
pipe "temp" {
  use      = "exec"
  script   = "[ $DAGRUN_ATTEMPT -ge 2 ] || exit 75"
  retry_if = self.exit_code == 75
}
pipe "hard" {
  use      = "exec"
  script   = "exit 1"
  retry_if = self.exit_code == 75
}
pipe "capped" {
  use        = "try"
  fail_until = 9
  retry_if   = self.attempt < 2
}
`,
	"fail fast": `
pipeline "ff" {
  on_failure  = "fail_fast"
  parallelism = 1
}
defaults {
  retries = 0
}
pipe "first" {
  use        = "try"
  fail_until = 2
}
pipe "second" {
  use = "try"
}
pipe "third" {
  use        = "value"
  depends_on = [pipe.second]
  value      = 3
}
`,
}

type pipeView struct {
	ID, Pipe, Key, Status, Reason string
	Attempts                      int
	Output, Err                   string
}

func views(t *testing.T, res *dagrun.Result) []pipeView {
	t.Helper()
	var out []pipeView
	for _, r := range res.Pipes {
		v := pipeView{ID: r.ID, Pipe: r.Pipe, Key: r.Key, Status: r.Status.String(), Reason: r.Reason, Attempts: r.Attempts, Output: ctyText(t, r.Output)}
		if r.Err != nil {
			v.Err = r.Err.Error()
		}
		out = append(out, v)
	}
	return out
}

func ctyText(t *testing.T, v cty.Value) string {
	t.Helper()
	if v == cty.NilVal {
		return "nil"
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		t.Fatal(err)
	}
	ty, _ := ctyjson.MarshalType(v.Type())
	return string(ty) + " " + string(b)
}

// targetCases run only some pipes: name → targets.
var targetCases = map[string][]string{
	"composites, for_each, pools": {"routing", "total"},
	"triggers and retries":        {"one_failed"},
}

// TestWorkflowSameAsLocal runs each case on the local executor and as the
// workflow in Temporal's test environment (the real activity, in process):
// every pipe and output must be the same.
func TestWorkflowSameAsLocal(t *testing.T) {
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "case.hcl")
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			types := testTypes(t)
			compare(t, path, dagrun.LoadOptions{Types: types}, nil)
			if name != "fail fast" { // it stops at its first failure: a stopping run does not continue as new
				t.Run("in parts", func(t *testing.T) { compareIn(t, path, dagrun.LoadOptions{Types: types}, nil, 4) })
			}
			if targets := targetCases[name]; targets != nil {
				t.Run("targets", func(t *testing.T) { compare(t, path, dagrun.LoadOptions{Types: types}, targets) })
			}
		})
	}
}

// compare runs the pipeline at path on both engines.
func compare(t *testing.T, path string, opts dagrun.LoadOptions, targets []string) *Source {
	t.Helper()
	return compareIn(t, path, opts, targets, 0)
}

// compareIn is compare with the workflow continuing as new once a part's
// history has after events (0: the default).
func compareIn(t *testing.T, path string, opts dagrun.LoadOptions, targets []string, after int) *Source {
	t.Helper()
	types := opts.Types
	p, err := dagrun.Load(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	local, err := p.Run(context.Background(), dagrun.RunOptions{Targets: targets})
	if err != nil {
		t.Fatal(err)
	}

	src, err := NewSource(path, p)
	if err != nil {
		t.Fatal(err)
	}
	out, events, parts := runInParts(t, types, src, RunOptions{Targets: targets}, nil, after)
	if after > 0 && parts < 2 {
		t.Errorf("the run took %d part, continuing after %d events", parts, after)
	}
	remote := resultOf(t, p, out, events, targets)
	if remote.Status != local.Status {
		t.Errorf("run status: temporal %s, local %s", remote.Status, local.Status)
	}
	if diff := cmp.Diff(views(t, local), views(t, remote)); diff != "" {
		t.Errorf("pipes (-local +temporal):\n%s", diff)
	}
	lo, ro := map[string]string{}, map[string]string{}
	for _, o := range local.Outputs {
		lo[o.Name] = ctyText(t, o.Value)
	}
	for _, o := range remote.Outputs {
		ro[o.Name] = ctyText(t, o.Value)
	}
	if diff := cmp.Diff(lo, ro); diff != "" {
		t.Errorf("outputs (-local +temporal):\n%s", diff)
	}
	finished := map[string]int{}
	for _, e := range events {
		if e.Type == executor.EventPipeFinished {
			finished[e.Node]++
		}
	}
	for _, r := range remote.Pipes {
		if finished[r.ID] != 1 {
			t.Errorf("pipe %s: %d pipe_finished events, want 1", r.ID, finished[r.ID])
		}
	}
	return src
}

// TestSourceShipsValues: the workers see the variables, env() and file() of
// the starter, and nothing else of its host.
func TestSourceShipsValues(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "data.txt"), []byte("from a file"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DAGRUN_TEMPORAL_TEST_X", "from env")
	t.Setenv("DAGRUN_TEMPORAL_TEST_prod", "named by a variable")
	src := `
variable "stage" {
  default = "prod"
}
variable "cfg" {
  type = object({ a = number, b = list(string) })
}
variable "secret" {
  type      = string
  sensitive = true
}
locals {
  greeting = "${env("DAGRUN_TEMPORAL_TEST_X")}!"
}
pipe "a" {
  use = "value"
  value = {
    env    = env("DAGRUN_TEMPORAL_TEST_X")
    by_var = env("DAGRUN_TEMPORAL_TEST_${var.stage}")
    unset  = env("DAGRUN_TEMPORAL_TEST_UNSET")
    file   = file("data.txt")
    local  = local.greeting
    cfg    = var.cfg
    secret = length(var.secret)
  }
}
pipe "b" {
  use   = "value"
  value = "${pipe.a.output.file}, ${file("data.txt")} again"
}
output "a" {
  value = pipe.a.output
}
output "b" {
  value = pipe.b.output
}
`
	path := filepath.Join(dir, "values.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := dagrun.LoadOptions{Types: testTypes(t), Vars: map[string]string{"cfg": `{a = 2, b = ["x", "y"]}`, "secret": "hunter2"}}
	s := compare(t, path, opts, nil)
	t.Run("in parts", func(t *testing.T) { compareIn(t, path, opts, nil, 1) }) // files, variables and the environment go on with the run
	want := map[string]string{"DAGRUN_TEMPORAL_TEST_X": "from env", "DAGRUN_TEMPORAL_TEST_prod": "named by a variable"}
	if diff := cmp.Diff(want, s.base.Env); diff != "" {
		t.Errorf("shipped environment (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{filepath.Join(dir, "data.txt"): "from a file"}, s.base.ReadFiles); diff != "" {
		t.Errorf("shipped files (-want +got):\n%s", diff)
	}
}

// runInTestEnv runs src's workflow in the SDK's test environment with the
// real pipe activity and returns its output and events.
func runInTestEnv(t *testing.T, types *pipes.Registry, src *Source, opts RunOptions) (*Output, []Event) {
	t.Helper()
	return runInTestEnvWith(t, types, src, opts, nil)
}

// runInTestEnvWith is runInTestEnv with the pipe activity replaced by act
// (nil: the real one).
func runInTestEnvWith(t *testing.T, types *pipes.Registry, src *Source, opts RunOptions,
	act func(context.Context, PipeTask) (*PipeOutput, error)) (*Output, []Event) {
	t.Helper()
	out, events, _ := runInParts(t, types, src, opts, act, 0)
	return out, events
}

// runInParts is runInTestEnvWith with the run's workflow continuing as new
// once a part's history has after events (0: the default), each part in
// an environment of its own (the test environment does not follow a
// workflow that continues as new); it returns how many parts ran too.
func runInParts(t *testing.T, types *pipes.Registry, src *Source, opts RunOptions,
	act func(context.Context, PipeTask) (*PipeOutput, error), after int) (*Output, []Event, int) {
	t.Helper()
	acts := &activities{types: types, log: slog.New(slog.DiscardHandler)}
	if act == nil {
		act = acts.runPipe
	}
	// The run as dagrun.Pipeline.Run settles it for an engine.
	p := src.p
	par := p.Parallelism()
	if opts.Parallelism != 0 {
		par = max(opts.Parallelism, 0)
	}
	in, err := (&Engine{Source: src}).input(dagrun.EngineRun{Pipeline: p, Targets: p.Config().ExpandTargets(opts.Targets),
		Parallelism: par, FailFast: p.FailFast() || opts.FailFast, Timeout: p.Timeout()})
	if err != nil {
		t.Fatal(err)
	}
	in.ContinueAfter = after
	var events []Event
	for part := 1; ; part++ {
		var suite testsuite.WorkflowTestSuite
		suite.SetLogger(quietLogger())
		env := suite.NewTestWorkflowEnvironment()
		env.RegisterWorkflowWithOptions(func(ctx workflow.Context, in Input) (*Output, error) {
			return runWorkflow(ctx, types, in)
		}, workflow.RegisterOptions{Name: WorkflowName})
		env.RegisterActivityWithOptions(act, activity.RegisterOptions{Name: ActivityName})
		// The test environment keeps no history: its length grows here
		// by what an activity adds to a real one.
		length := 3
		env.SetCurrentHistoryLength(length)
		env.SetOnActivityCompletedListener(func(*activity.Info, converter.EncodedValue, error) {
			length += 6
			env.SetCurrentHistoryLength(length)
		})
		env.SetOnLocalActivityCompletedListener(func(*activity.Info, converter.EncodedValue, error) {
			length += 2
			env.SetCurrentHistoryLength(length)
		})
		env.ExecuteWorkflow(WorkflowName, in)
		if !env.IsWorkflowCompleted() {
			t.Fatal("the workflow did not complete")
		}
		events = append(events, eventsFrom(t, env, len(events))...)
		err := env.GetWorkflowError()
		var next *workflow.ContinueAsNewError
		if errors.As(err, &next) {
			in = Input{}
			if err := converter.GetDefaultDataConverter().FromPayloads(next.Input, &in); err != nil {
				t.Fatal(err)
			}
			if in.Continued == nil || in.Continued.Events != len(events) {
				t.Fatalf("part %d continued with %d events carried, having sent %d", part, in.Continued.Events, len(events))
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		var out Output
		if err := env.GetWorkflowResult(&out); err != nil {
			t.Fatal(err)
		}
		if out.Events != len(events) {
			t.Errorf("the run says %d events, its parts sent %d", out.Events, len(events))
		}
		return &out, events, part
	}
}

func TestEncodeArgsRoundTrip(t *testing.T) {
	typ, _ := pipes.Builtins().Lookup("exec")
	in := &pipes.ExecArgs{Command: []string{"echo", "x"}, Env: map[string]string{"A": "1"}, OKExitCodes: []int{0, 3}, Stdin: "in"}
	vals, err := encodeArgs(typ, in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := decodeArgs(typ, vals)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("exec args (-sent +received):\n%s", diff)
	}

	vtyp, _ := pipes.Builtins().Lookup("value")
	obj := cty.ObjectVal(map[string]cty.Value{"n": cty.NumberIntVal(3), "s": cty.SetVal([]cty.Value{cty.StringVal("a")})})
	vals, err = encodeArgs(vtyp, &pipes.ValueArgs{Value: obj})
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeArgs(vtyp, vals)
	if err != nil {
		t.Fatal(err)
	}
	if v := got.(*pipes.ValueArgs).Value; !v.RawEquals(obj) {
		t.Errorf("value: got %#v, want %#v", v, obj)
	}
}

func quietLogger() tlog.Logger { return tlog.NewStructuredLogger(slog.New(slog.DiscardHandler)) }

func TestEventPages(t *testing.T) {
	l := &eventLog{}
	for range 2*pageEvents + 200 {
		l.Event(executor.Event{Type: executor.EventPipeReady})
	}
	var sizes []int
	for from := 0; ; {
		page, _ := l.page(from)
		sizes = append(sizes, len(page.Events))
		from += len(page.Events)
		if !page.More {
			break
		}
	}
	if diff := cmp.Diff([]int{pageEvents, pageEvents, 200}, sizes); diff != "" {
		t.Errorf("page sizes (-want +got):\n%s", diff)
	}

	big := &Value{Type: []byte(`"string"`), Value: make([]byte, pageBytes/2+1)}
	l = &eventLog{}
	for range 3 {
		l.events = append(l.events, Event{Type: executor.EventPipeFinished, Output: big})
	}
	if page, _ := l.page(0); len(page.Events) != 1 || !page.More {
		t.Errorf("outputs over the page size: %d events, more %v; want 1 and more", len(page.Events), page.More)
	}
	if page, _ := l.page(7); len(page.Events) != 0 || page.More {
		t.Errorf("past the end: %+v", page)
	}
}

// TestLostAttemptRetried: an attempt whose worker stopped heartbeating ends
// as a timeout with its own message, and the core retries it (or fails the
// pipe when it has no retries left).
func TestLostAttemptRetried(t *testing.T) {
	src := `
pipe "a" {
  use         = "try"
  value       = "ok"
  retries     = 1
  retry_delay = "5s"
}
pipe "b" {
  use        = "try"
  depends_on = [pipe.a]
  retries    = 0
}
`
	path := filepath.Join(t.TempDir(), "lost.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	types := testTypes(t)
	p, err := dagrun.Load(path, dagrun.LoadOptions{Types: types})
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSource(path, p)
	if err != nil {
		t.Fatal(err)
	}
	// The first attempt of every pipe is lost.
	acts := &activities{types: types, log: slog.New(slog.DiscardHandler)}
	out, events := runInTestEnvWith(t, types, s, RunOptions{}, func(ctx context.Context, task PipeTask) (*PipeOutput, error) {
		if task.Attempt == 1 {
			return nil, sdktemporal.NewTimeoutError(enumspb.TIMEOUT_TYPE_HEARTBEAT, nil)
		}
		return acts.runPipe(ctx, task)
	})
	res := resultOf(t, p, out, events, nil)
	got := map[string]string{}
	for _, r := range res.Pipes {
		got[r.ID] = fmt.Sprintf("%s/%d %v", r.Status, r.Attempts, r.Err)
	}
	want := map[string]string{
		"a": "succeeded/2 <nil>",
		"b": "failed/1 attempt 1 lost: its worker stopped heartbeating",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pipes (-want +got):\n%s", diff)
	}
	var lost []string
	for _, e := range events {
		if e.Type == executor.EventAttemptFinished && e.AttemptResult == executor.AttemptTimeout {
			lost = append(lost, fmt.Sprintf("%s#%d: %s", e.Node, e.Attempt, *e.Err))
		}
		if e.Type == executor.EventRetrying && e.Delay != 5*time.Second {
			t.Errorf("retrying %s after %s, want 5s", e.Node, e.Delay)
		}
	}
	wantLost := []string{"a#1: attempt 1 lost: its worker stopped heartbeating", "b#1: attempt 1 lost: its worker stopped heartbeating"}
	if diff := cmp.Diff(wantLost, lost); diff != "" {
		t.Errorf("timed-out attempts (-want +got):\n%s", diff)
	}
}

// resultOf is the result dagrun.Pipeline.Run gives for the workflow's output
// out and its events: the run goes through Run with an engine that returns
// the report a client builds of them.
func resultOf(t *testing.T, p *dagrun.Pipeline, out *Output, events []Event, targets []string) *dagrun.Result {
	t.Helper()
	rep := reportOf(t, out, events)
	res, err := p.Run(context.Background(), dagrun.RunOptions{Targets: targets, Engine: reportEngine{rep}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// reportEngine is an engine whose run has already happened.
type reportEngine struct{ rep *executor.Report }

func (e reportEngine) RunGraph(context.Context, dagrun.EngineRun) (*executor.Report, error) {
	return e.rep, nil
}

// A sub-pipeline directory is listed from the files shipped with the run,
// never from the worker's disk.
func TestShippedHCL(t *testing.T) {
	files := map[string]string{
		"/p/sub/a.hcl": "", "/p/sub/b.hcl": "", "/p/sub/data.json": "", "/p/sub/deeper/c.hcl": "", "/p/main.hcl": "",
	}
	got, ok := shippedHCL(files, "/p/sub/")
	slices.Sort(got)
	if !ok || !slices.Equal(got, []string{"/p/sub/a.hcl", "/p/sub/b.hcl"}) {
		t.Errorf("shippedHCL(/p/sub/) = %v, %v", got, ok)
	}
	if got, ok := shippedHCL(files, "/p/none"); ok || got != nil {
		t.Errorf("shippedHCL(/p/none) = %v, %v", got, ok)
	}
}
