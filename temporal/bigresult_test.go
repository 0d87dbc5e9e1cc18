package temporal

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/pipes"
)

// outputBound is what the workflow's result of a run of outputBoundPipes
// value pipes stays under: a few bytes per pipe, whatever its output.
const (
	outputBoundPipes = 10000
	outputBound      = 256 << 10
)

// TestOutputStaysSmall: the workflow's result of a run of many pipes says
// how it ended and the order of the results, not the results: a run of
// 10,000 pipes whose outputs together are megabytes ends with a result far
// under Temporal's payload limit, and the client's report has every result.
func TestOutputStaysSmall(t *testing.T) {
	var b strings.Builder
	for i := range outputBoundPipes {
		fmt.Fprintf(&b, "pipe \"v%05d\" {\n  use   = \"value\"\n  value = \"%05d%s\"\n}\n", i, i, strings.Repeat("x", 250))
	}
	types := pipes.Builtins()
	src, p := sourceOf(t, b.String(), types)
	env := testEnv(t, types, nil)
	// Loading 10,000 pipes in the workflow's first task takes longer than
	// the SDK's deadlock detection allows (1 s) under the race detector.
	env.SetWorkerOptions(worker.Options{DeadlockDetectionTimeout: time.Minute})
	env.ExecuteWorkflow(WorkflowName, inputOf(t, src, p, nil))
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	var out Output
	if err := env.GetWorkflowResult(&out); err != nil {
		t.Fatal(err)
	}
	enc, err := json.Marshal(&out)
	if err != nil {
		t.Fatal(err)
	}
	if len(enc) >= outputBound {
		t.Errorf("the workflow's result of %d pipes is %d bytes, want under %d", outputBoundPipes, len(enc), outputBound)
	}
	events := eventsIn(t, env)
	rep := reportOf(t, &out, events)
	if len(rep.Results) != outputBoundPipes || len(out.Order) != outputBoundPipes {
		t.Fatalf("%d results (%d in order), want %d", len(rep.Results), len(out.Order), outputBoundPipes)
	}
	for i, r := range rep.Results {
		want := fmt.Sprintf("%05d%s", i, strings.Repeat("x", 250))
		if r.ID != fmt.Sprintf("v%05d", i) || r.Status != executor.StatusSucceeded || !r.Output.RawEquals(cty.StringVal(want)) {
			t.Fatalf("result %d: %s %s, output %#v", i, r.ID, r.Status, r.Output)
		}
	}
	t.Logf("%d pipes: the workflow's result is %d bytes (%.1f per pipe); %d events", outputBoundPipes, len(enc), float64(len(enc))/outputBoundPipes, len(events))
}

// mixedResults has every kind of result: retries, a failure and what it
// skips, an allowed failure, a false condition, a fan-out over a reused
// result, a composite, and handlers that run and one that does not.
const mixedResults = `
defaults {
  retry_delay = "1s"
}
pipe "config" {
  use   = "value"
  value = { names = ["a", "b", "c"] }
}
pipe "flaky" {
  use        = "try"
  retries    = 2
  fail_until = 3
  value      = "third time"
}
pipe "broken" {
  use        = "try"
  retries    = 1
  fail_until = 9
}
pipe "after_broken" {
  use        = "value"
  depends_on = [pipe.broken]
  value      = "never"
}
pipe "allowed" {
  use           = "try"
  fail_until    = 9
  allow_failure = true
}
pipe "unlikely" {
  use   = "value"
  if    = length(pipe.config.output.names) > 5
  value = "no"
}
pipe "each" {
  use        = "try"
  for_each   = toset(pipe.config.output.names)
  retries    = 1
  fail_until = each.key == "b" ? 2 : 0
  value      = "item ${each.key}"
}
pipe "none" {
  use      = "value"
  for_each = []
  value    = each.value
}
pipe "report" {
  sequential = true
  pipe "collect" {
    use   = "value"
    value = { flaky = pipe.flaky.output, each = [for k, r in pipe.each : r.output] }
  }
  pipe "check" {
    use   = "value"
    value = length(pipe.collect.output.each)
  }
}
handler "failure" {
  use   = "value"
  value = "${run.status}: ${join(",", run.failed)}"
}
handler "success" {
  use   = "value"
  value = "no"
}
handler "exit" {
  use   = "try"
  value = "bye"
}
`

// TestReportSameAsLocal: the report a client builds from the events it
// followed has every result as the local engine's report has it (statuses,
// reasons, errors, outputs, attempts, flags), reused results with their own
// times, and each result as the workflow's core has it, times included
// (nothing amended).
func TestReportSameAsLocal(t *testing.T) {
	types := testTypes(t)
	src, p := sourceOf(t, mixedResults, types)
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	reused := executor.Result{ID: "config", Pipe: "config", Status: executor.StatusSucceeded, Attempts: 2,
		Output:  cty.ObjectVal(map[string]cty.Value{"names": cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b"), cty.StringVal("c")})}),
		Started: t0, Finished: t0.Add(3 * time.Second), Duration: 3 * time.Second}
	reuse := func(id string) (executor.Result, bool) { return reused, id == "config" }

	local, err := p.Run(context.Background(), dagrun.RunOptions{Reuse: reuse})
	if err != nil {
		t.Fatal(err)
	}
	env := testEnv(t, types, nil)
	env.ExecuteWorkflow(WorkflowName, inputOf(t, src, p, reuse))
	rep := reportIn(t, env)
	remote, err := p.Run(context.Background(), dagrun.RunOptions{Engine: reportEngine{rep}})
	if err != nil {
		t.Fatal(err)
	}
	if remote.Status != local.Status || local.Status != executor.StatusFailed {
		t.Errorf("run status: temporal %s, local %s; want failed", remote.Status, local.Status)
	}
	type flags struct {
		ID                       string
		Reused, Allowed, Handler bool
		Started                  bool // it started (Started is set)
	}
	flagsOf := func(res *dagrun.Result) []flags {
		var out []flags
		for _, r := range res.Pipes {
			out = append(out, flags{r.ID, r.Reused, r.Allowed, r.Handler, !r.Started.IsZero()})
		}
		return out
	}
	if diff := cmp.Diff(views(t, local), views(t, remote)); diff != "" {
		t.Errorf("results (-local +temporal):\n%s", diff)
	}
	if diff := cmp.Diff(flagsOf(local), flagsOf(remote)); diff != "" {
		t.Errorf("flags (-local +temporal):\n%s", diff)
	}
	// What the comparison rests on: each kind of result is there.
	want := map[string]string{
		"config": "succeeded", "flaky": "succeeded", "broken": "failed", "after_broken": "skipped", "allowed": "failed",
		"unlikely": "skipped", "each": "succeeded", "each[b]": "succeeded", "none": "succeeded", "report": "succeeded",
		"handler.failure": "succeeded", "handler.success": "skipped", "handler.exit": "succeeded",
	}
	got := map[string]string{}
	for _, r := range remote.Pipes {
		if _, ok := want[r.ID]; ok {
			got[r.ID] = r.Status.String()
		}
		switch {
		case r.ID == "config":
			if !r.Started.Equal(reused.Started) || !r.Finished.Equal(reused.Finished) || r.Duration != reused.Duration || r.Attempts != 2 {
				t.Errorf("reused config: %v to %v (%v), %d attempts; want its own times and attempts", r.Started, r.Finished, r.Duration, r.Attempts)
			}
		case r.ID == "report" || r.ID == "each" || r.ID == "none":
			// A group's duration is its members'.
		case !r.Started.IsZero() && r.Duration != r.Finished.Sub(r.Started):
			t.Errorf("%s: started %v, finished %v, duration %v", r.ID, r.Started, r.Finished, r.Duration)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}

// sourceOf writes src to a file and loads it with types.
func sourceOf(t *testing.T, src string, types *pipes.Registry) (*Source, *dagrun.Pipeline) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := dagrun.Load(path, dagrun.LoadOptions{Types: types})
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSource(path, p)
	if err != nil {
		t.Fatal(err)
	}
	return s, p
}

// testEnv is the SDK's test environment with the run's workflow and the
// pipe activity (act; nil: the real one).
func testEnv(t *testing.T, types *pipes.Registry, act func(context.Context, PipeTask) (*PipeOutput, error)) *testsuite.TestWorkflowEnvironment {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(quietLogger())
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(func(ctx workflow.Context, in Input) (*Output, error) {
		return runWorkflow(ctx, types, in)
	}, workflow.RegisterOptions{Name: WorkflowName})
	if act == nil {
		act = (&activities{types: types, log: slog.New(slog.DiscardHandler)}).runPipe
	}
	env.RegisterActivityWithOptions(act, activity.RegisterOptions{Name: ActivityName})
	return env
}

// inputOf is the workflow's input of a run of p, reusing what reuse gives.
func inputOf(t *testing.T, src *Source, p *dagrun.Pipeline, reuse func(string) (executor.Result, bool)) Input {
	t.Helper()
	in, err := (&Engine{Source: src}).input(dagrun.EngineRun{Pipeline: p, Parallelism: p.Parallelism(), FailFast: p.FailFast(),
		Timeout: p.Timeout(), Reuse: reuse})
	if err != nil {
		t.Fatal(err)
	}
	return in
}
