package dagrun_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/goleak"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func statuses(res *dagrun.Result) map[string]string {
	m := map[string]string{}
	for _, r := range res.Pipes {
		m[r.ID] = r.Status.String()
	}
	return m
}

func TestGoPipelineRetriesAndOutputs(t *testing.T) {
	var calls atomic.Int32
	p := dagrun.New("go").
		Add("a", func(context.Context, dagrun.Inputs) (any, error) { return map[string]int{"n": 20}, nil }).
		Add("b", func(_ context.Context, in dagrun.Inputs) (any, error) {
			if calls.Add(1) < 3 {
				return nil, errors.New("flaky")
			}
			var v struct{ N int }
			err := in.Decode("a", &v)
			return v.N * 2, err
		}, dagrun.DependsOn("a"), dagrun.Retries(5, time.Millisecond)).
		Add("c", func(_ context.Context, in dagrun.Inputs) (any, error) { return nil, errors.New("nope") }).
		Add("d", func(context.Context, dagrun.Inputs) (any, error) { return "never", nil }, dagrun.DependsOn("c")).
		Add("e", func(context.Context, dagrun.Inputs) (any, error) { return "cleanup", nil }, dagrun.DependsOn("c"), dagrun.WithTrigger(dagrun.AllDone))
	res, err := p.Run(t.Context(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "succeeded", "b": "succeeded", "c": "failed", "d": "skipped", "e": "succeeded"}
	if diff := cmp.Diff(want, statuses(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	b, _ := res.Pipe("b")
	if b.Attempts != 3 {
		t.Errorf("b attempts %d", b.Attempts)
	}
	if n, _ := b.Output.AsBigFloat().Int64(); n != 40 {
		t.Errorf("b output %v", b.Output.GoString())
	}
	if res.Status != dagrun.Failed {
		t.Errorf("status %v", res.Status)
	}
}

func TestGoPipelineErrors(t *testing.T) {
	p := dagrun.New("x").Add("a", nil).Add("a", nil)
	if _, err := p.Run(t.Context(), dagrun.RunOptions{}); err == nil {
		t.Error("duplicate: want error")
	}
	p = dagrun.New("x").Add("a", nil, dagrun.DependsOn("missing"))
	if _, err := p.Run(t.Context(), dagrun.RunOptions{}); err == nil {
		t.Error("unknown dependency: want error")
	}
	p = dagrun.New("x").Add("a", nil)
	if _, err := p.Run(t.Context(), dagrun.RunOptions{Targets: []string{"zz"}}); err == nil {
		t.Error("unknown target: want error")
	}
}

func TestTargetsRunAncestorsOnly(t *testing.T) {
	var ran []string
	rec := func(id string) dagrun.Func {
		return func(context.Context, dagrun.Inputs) (any, error) { ran = append(ran, id); return nil, nil }
	}
	p := dagrun.New("t").
		Add("a", rec("a")).
		Add("b", rec("b"), dagrun.DependsOn("a")).
		Add("c", rec("c"), dagrun.DependsOn("b")).
		Add("other", rec("other"))
	res, err := p.Run(t.Context(), dagrun.RunOptions{Targets: []string{"b"}, Parallelism: 1})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "b"}, ran); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(res.Pipes) != 2 {
		t.Errorf("results %d", len(res.Pipes))
	}
}

func TestHCLPipelineRun(t *testing.T) {
	src := []byte(`
variable "token" {
  type      = string
  default   = "s3cr3t-value"
  sensitive = true
}
pipe "a" {
  use   = "value"
  value = { n = 2 }
}
pipe "group" {
  sequential = true
  pipe "s1" {
    use     = "exec"
    command = ["echo", "${pipe.a.output.n * 21}"]
  }
  pipe "s2" {
    use   = "value"
    value = trimspace(pipe.s1.output.stdout)
  }
}
pipe "after" {
  use   = "value"
  value = pipe.group.output
}
pipe "bad" {
  use     = "exec"
  retries = 0
  script  = "echo $T >&2; exit 3"
  env     = { T = var.token }
}
output "answer" {
  value = pipe.s2.output
}
`)
	p, err := dagrun.LoadSource("t.hcl", src, dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	res, err := p.Run(t.Context(), dagrun.RunOptions{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "succeeded", "group": "succeeded", "s1": "succeeded", "s2": "succeeded", "after": "succeeded", "bad": "failed"}
	if diff := cmp.Diff(want, statuses(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := res.Outputs[0].Value.AsString(); got != "42" {
		t.Errorf("answer = %q", got)
	}
	if strings.Contains(logs.String(), "s3cr3t-value") {
		t.Errorf("secret in logs:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "(sensitive)") {
		t.Errorf("want the redacted error in logs:\n%s", logs.String())
	}
}

func TestLoadDiagnostics(t *testing.T) {
	_, err := dagrun.LoadSource("bad.hcl", []byte("pipe \"a\" {\n  use = \"nope\"\n}\n"), dagrun.LoadOptions{})
	var de *dagrun.DiagnosticsError
	if !errors.As(err, &de) {
		t.Fatalf("err %T %v", err, err)
	}
	if len(de.Diagnostics) == 0 || de.Diagnostics[0].Subject == nil || de.Diagnostics[0].Subject.Start.Line != 2 {
		t.Errorf("diagnostics %v", de.Diagnostics)
	}
}

func TestMetricsRegistryIsSharedAcrossRuns(t *testing.T) {
	reg := prometheus.NewRegistry()
	p := dagrun.New("m").
		Add("ok", func(context.Context, dagrun.Inputs) (any, error) { return nil, nil }).
		Add("bad", func(context.Context, dagrun.Inputs) (any, error) { return nil, errors.New("x") })
	run := func(reg prometheus.Registerer) {
		t.Helper()
		col, err := metrics.ForPipeline(reg, p.Name(), p.WorkIDs(), "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Run(t.Context(), dagrun.RunOptions{Observer: col}); err != nil {
			t.Fatal(err)
		}
	}
	run(reg)
	run(reg)
	want := `
# HELP dagrun_pipeline_runs_total Pipeline runs that finished, by status (succeeded, failed, cancelled).
# TYPE dagrun_pipeline_runs_total counter
dagrun_pipeline_runs_total{pipeline="m",status="cancelled"} 0
dagrun_pipeline_runs_total{pipeline="m",status="failed"} 2
dagrun_pipeline_runs_total{pipeline="m",status="succeeded"} 0
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "dagrun_pipeline_runs_total"); err != nil {
		t.Error(err)
	}
	other := prometheus.NewRegistry()
	run(other)
	// A second registry has series of its own: one failed run.
	if err := testutil.GatherAndCompare(other, strings.NewReader(strings.Replace(want, "failed\"} 2", "failed\"} 1", 1)), "dagrun_pipeline_runs_total"); err != nil {
		t.Error(err)
	}
}

func TestCancelReturnsAndLeaksNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	started := make(chan struct{})
	p := dagrun.New("c").Add("block", func(ctx context.Context, _ dagrun.Inputs) (any, error) {
		close(started)
		<-ctx.Done()
		return nil, ctx.Err()
	}).Add("after", func(context.Context, dagrun.Inputs) (any, error) { return nil, nil }, dagrun.DependsOn("block"))
	go func() { <-started; cancel() }()
	res, err := p.Run(ctx, dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"block": "cancelled", "after": "cancelled"}
	if diff := cmp.Diff(want, statuses(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if res.Status != dagrun.Cancelled {
		t.Errorf("status %v", res.Status)
	}
}

// An Engine gets the run as Run settles it, and its report becomes the same
// Result a local run gives (outputs evaluated).
func TestEngineOption(t *testing.T) {
	p := loadHCL(t, `
pipeline "e" {
  parallelism = 3
  on_failure  = "fail_fast"
}
pipe "a" {
  use   = "value"
  value = 1
}
pipe "b" {
  use   = "value"
  value = pipe.a.output + 1
}
output "b" {
  value = pipe.b.output
}
`, dagrun.LoadOptions{})
	var events int
	eng := &recordingEngine{}
	res, err := p.Run(context.Background(), dagrun.RunOptions{
		Engine:   eng,
		Targets:  []string{"b"},
		Observer: executor.ObserverFunc(func(dagrun.Event) { events++ }),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := eng.run
	if got.Pipeline != p || got.Parallelism != 3 || !got.FailFast || len(got.Targets) != 1 || got.Targets[0] != "b" || got.Observer == nil {
		t.Errorf("the engine was given %+v", got)
	}
	if events == 0 {
		t.Error("the engine's events did not reach the caller's observer")
	}
	if res.Status != dagrun.Succeeded || len(res.Outputs) != 1 || res.Outputs[0].Value.AsBigFloat().String() != "2" {
		t.Errorf("result %v, outputs %v", res.Status, res.Outputs)
	}
}

// recordingEngine runs the graph in this process, as another engine would
// elsewhere, and records what it was given.
type recordingEngine struct{ run dagrun.EngineRun }

func (e *recordingEngine) RunGraph(ctx context.Context, run dagrun.EngineRun) (*executor.Report, error) {
	e.run = run
	res, err := run.Pipeline.Run(ctx, dagrun.RunOptions{Targets: run.Targets, Observer: run.Observer, Parallelism: run.Parallelism})
	if err != nil {
		return nil, err
	}
	return &executor.Report{Status: res.Status, Started: res.Started, Duration: res.Duration, Results: res.Pipes}, nil
}
