package temporal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/activity"
	sdktemporal "go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/pipes"
)

// goTestPipeline is a pipeline built in Go with every kind of function:
// plain pipes with dependencies, an output read downstream, a retry, a
// ForEach whose items come from an upstream (one item retried), If
// conditions, a permanent failure, a pool and an exit handler. calls, when
// set, counts the calls of each function.
func goTestPipeline(calls *goCalls) *dagrun.Pipeline {
	count := func(what string) {
		if calls != nil {
			calls.add(what)
		}
	}
	type cfg struct {
		N     int      `json:"n"`
		Names []string `json:"names"`
	}
	p := dagrun.New("gopipes").Pool("narrow", 1)
	p.Add("config", func(context.Context, dagrun.Inputs) (any, error) {
		count("config")
		return cfg{N: 2, Names: []string{"x", "y", "z"}}, nil
	})
	p.Add("flaky", func(_ context.Context, in dagrun.Inputs) (any, error) {
		count("flaky")
		if in.Attempt() < 3 {
			return "partial", fmt.Errorf("attempt %d fails", in.Attempt())
		}
		return fmt.Sprintf("ok at attempt %d", in.Attempt()), nil
	}, dagrun.Retries(2, time.Second))
	p.Add("scaled", func(_ context.Context, in dagrun.Inputs) (any, error) {
		count("scaled")
		var c cfg
		if err := in.Decode("config", &c); err != nil {
			return nil, err
		}
		var f string
		if err := in.Decode("flaky", &f); err != nil {
			return nil, err
		}
		return map[string]any{"n": c.N * 10, "flaky": f, "pipe": in.Pipe()}, nil
	}, dagrun.DependsOn("config", "flaky"), dagrun.InPool("narrow"))
	p.ForEach("each", func(_ context.Context, in dagrun.Inputs) ([]dagrun.Item, error) {
		count("each.items")
		var c cfg
		if err := in.Decode("config", &c); err != nil {
			return nil, err
		}
		items := make([]dagrun.Item, len(c.Names))
		for k, name := range c.Names {
			items[k] = dagrun.Item{Key: name, Value: k + 1} // an int: the item func gets it as it was made
		}
		return items, nil
	}, func(_ context.Context, in dagrun.Inputs, item dagrun.Item) (any, error) {
		count("each.item")
		if item.Key == "y" && in.Attempt() == 1 {
			return nil, errors.New("y fails once")
		}
		return fmt.Sprintf("%s=%d@%d", in.Key(), item.Value.(int)*100, in.Attempt()), nil
	}, dagrun.DependsOn("config"), dagrun.Retries(1, time.Second), dagrun.InPool("narrow"))
	p.Add("sum", func(_ context.Context, in dagrun.Inputs) (any, error) {
		count("sum")
		var parts []string
		for _, r := range in.Instances("each") {
			parts = append(parts, r.ID+":"+r.Status.String())
		}
		return strings.Join(parts, ","), nil
	}, dagrun.DependsOn("each"))
	p.Add("when_two", func(context.Context, dagrun.Inputs) (any, error) {
		count("when_two")
		return "ran", nil
	}, dagrun.DependsOn("config"), dagrun.If(func(_ context.Context, in dagrun.Inputs) (bool, error) {
		count("when_two.if")
		var c cfg
		err := in.Decode("config", &c)
		return c.N == 2, err
	}))
	p.Add("when_three", func(context.Context, dagrun.Inputs) (any, error) {
		count("when_three")
		return "ran", nil
	}, dagrun.DependsOn("config"), dagrun.If(func(_ context.Context, in dagrun.Inputs) (bool, error) {
		count("when_three.if")
		var c cfg
		err := in.Decode("config", &c)
		return c.N == 3, err
	}))
	p.Add("broken", func(context.Context, dagrun.Inputs) (any, error) {
		count("broken")
		return nil, dagrun.Permanent(errors.New("broken for good"))
	}, dagrun.Retries(3, time.Second))
	p.Add("after_broken", func(_ context.Context, in dagrun.Inputs) (any, error) {
		count("after_broken")
		r, _ := in.Upstream("broken")
		return fmt.Sprintf("%s after %d attempt(s): %v", r.Status, r.Attempts, r.Err), nil
	}, dagrun.DependsOn("broken"), dagrun.WithTrigger(dagrun.AllDone))
	p.Add("exit", func(_ context.Context, in dagrun.Inputs) (any, error) {
		count("exit")
		s, _ := in.Upstream("scaled")
		return fmt.Sprintf("run %s, failed %v, scaled %s", in.Run().Status, in.Run().Failed, s.Status), nil
	}, dagrun.Handler(dagrun.HandlerExit))
	return p
}

// goCalls counts the calls of a pipeline's functions.
type goCalls struct {
	n map[string]*atomic.Int32
}

func newGoCalls() *goCalls {
	c := &goCalls{n: map[string]*atomic.Int32{}}
	for _, k := range []string{"config", "flaky", "scaled", "each.items", "each.item", "sum", "when_two", "when_two.if",
		"when_three", "when_three.if", "broken", "after_broken", "exit"} {
		c.n[k] = &atomic.Int32{}
	}
	return c
}

func (c *goCalls) add(what string) { c.n[what].Add(1) }

func (c *goCalls) counts() map[string]int {
	out := map[string]int{}
	for k, v := range c.n {
		out[k] = int(v.Load())
	}
	return out
}

// goTestEnv is a test environment whose worker has the Go pipelines of
// registered; run runs p there as an Engine without a Source would.
type goTestEnv struct {
	env *testsuite.TestWorkflowEnvironment
}

func newGoTestEnv(t *testing.T, registered map[string]func() *dagrun.Pipeline) *goTestEnv {
	t.Helper()
	return newGoTestEnvWith(t, registered, nil, nil)
}

// newGoTestEnvWith is newGoTestEnv with the activities wrapped: an
// attempt's by pipe, the If and items' by eval (nil: as they are).
func newGoTestEnvWith(t *testing.T, registered map[string]func() *dagrun.Pipeline,
	pipe func(run func(context.Context, PipeTask) (*PipeOutput, error)) func(context.Context, PipeTask) (*PipeOutput, error),
	eval func(run func(context.Context, goCall) (*goEval, error)) func(context.Context, goCall) (*goEval, error)) *goTestEnv {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(quietLogger())
	env := suite.NewTestWorkflowEnvironment()
	gp := newGoPipelines("test-queue", registered)
	types, err := withGoType(pipes.Builtins(), gp)
	if err != nil {
		t.Fatal(err)
	}
	acts := &activities{types: types, log: slog.New(slog.DiscardHandler)}
	env.RegisterWorkflowWithOptions(workflowWith(pipes.Builtins(), gp), workflow.RegisterOptions{Name: WorkflowName})
	runPipe, runEval := acts.runPipe, gp.eval
	if pipe != nil {
		runPipe = pipe(runPipe)
	}
	if eval != nil {
		runEval = eval(runEval)
	}
	env.RegisterActivityWithOptions(runPipe, activity.RegisterOptions{Name: ActivityName})
	env.RegisterActivityWithOptions(runEval, activity.RegisterOptions{Name: GoEvalActivityName})
	return &goTestEnv{env: env}
}

// start runs p's workflow to its end; the workflow's error is returned.
func (e *goTestEnv) start(t *testing.T, p *dagrun.Pipeline, targets []string) error {
	t.Helper()
	in, err := (&Engine{}).goInput(dagrun.EngineRun{Pipeline: p, Targets: targets, Parallelism: p.Parallelism()})
	if err != nil {
		t.Fatal(err)
	}
	e.env.ExecuteWorkflow(WorkflowName, in)
	if !e.env.IsWorkflowCompleted() {
		t.Fatal("the workflow did not complete")
	}
	return e.env.GetWorkflowError()
}

// TestGoPipelineSameAsLocal runs a pipeline built in Go locally and as the
// workflow (each function an activity of the registered pipeline): the
// same results, and each function called as often as locally.
func TestGoPipelineSameAsLocal(t *testing.T) {
	localCalls := newGoCalls()
	local, err := goTestPipeline(localCalls).Run(context.Background(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	workerCalls := newGoCalls()
	env := newGoTestEnv(t, map[string]func() *dagrun.Pipeline{"gopipes": func() *dagrun.Pipeline { return goTestPipeline(workerCalls) }})
	starter := goTestPipeline(nil) // the starter's own copy: none of its functions run
	if err := env.start(t, starter, nil); err != nil {
		t.Fatal(err)
	}
	var out Output
	if err := env.env.GetWorkflowResult(&out); err != nil {
		t.Fatal(err)
	}
	remote := resultOf(t, starter, &out, eventsIn(t, env.env), nil)
	v, err := env.env.QueryWorkflow(EventsQuery, 0)
	if err != nil {
		t.Fatal(err)
	}
	var page EventPage
	if err := v.Get(&page); err != nil {
		t.Fatal(err)
	}
	finished, retried := map[string]int{}, map[string]int{}
	for _, e := range page.Events {
		switch e.Type {
		case executor.EventPipeFinished:
			finished[e.Node]++
		case executor.EventRetrying:
			retried[e.Node]++
		}
	}
	for _, r := range remote.Pipes {
		if finished[r.ID] != 1 {
			t.Errorf("pipe %s: %d pipe_finished events, want 1", r.ID, finished[r.ID])
		}
	}
	if diff := cmp.Diff(map[string]int{"flaky": 2, "each[y]": 1}, retried); diff != "" {
		t.Errorf("retrying events (-want +got):\n%s", diff)
	}
	if remote.Status != local.Status {
		t.Errorf("run status: temporal %s, local %s", remote.Status, local.Status)
	}
	if diff := cmp.Diff(views(t, local), views(t, remote)); diff != "" {
		t.Errorf("pipes (-local +temporal):\n%s", diff)
	}
	// On a worker the items are made once for the expansion, then again
	// for each attempt of an item, to hand it its item.
	want := localCalls.counts()
	want["each.items"] += 4 // x, y (twice), z
	if diff := cmp.Diff(want, workerCalls.counts()); diff != "" {
		t.Errorf("calls on the worker (-want +got):\n%s", diff)
	}
	wantSome := map[string]string{
		"flaky":        `"string" "ok at attempt 3"`,
		"scaled":       `["object",{"flaky":"string","n":"number","pipe":"string"}] {"flaky":"ok at attempt 3","n":20,"pipe":"scaled"}`,
		"each[y]":      `"string" "y=200@2"`,
		"sum":          `"string" "each[x]:succeeded,each[y]:succeeded,each[z]:succeeded"`,
		"after_broken": `"string" "failed after 1 attempt(s): broken for good"`,
		"exit":         `"string" "run failed, failed [broken], scaled succeeded"`,
	}
	got := map[string]string{}
	for _, v := range views(t, remote) {
		if _, ok := wantSome[v.ID]; ok {
			got[v.ID] = v.Output
		}
	}
	if diff := cmp.Diff(wantSome, got); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
}

// TestGoPipelineTargets: a run of some pipes of a pipeline built in Go runs
// them and their upstreams only (and the handlers of the run).
func TestGoPipelineTargets(t *testing.T) {
	calls := newGoCalls()
	env := newGoTestEnv(t, map[string]func() *dagrun.Pipeline{"gopipes": func() *dagrun.Pipeline { return goTestPipeline(calls) }})
	if err := env.start(t, goTestPipeline(nil), []string{"sum"}); err != nil {
		t.Fatal(err)
	}
	rep := reportIn(t, env.env)
	var ids []string
	for _, r := range rep.Results {
		ids = append(ids, r.ID)
	}
	want := []string{"config", "each", "each[x]", "each[y]", "each[z]", "sum", "exit"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("pipes run (-want +got):\n%s", diff)
	}
	if n := calls.counts()["flaky"]; n != 0 {
		t.Errorf("flaky ran %d times, want 0", n)
	}
}

// TestGoPipelineMissing: a worker without the pipeline fails the run at
// once, naming the pipeline and its task queue, without retrying.
func TestGoPipelineMissing(t *testing.T) {
	env := newGoTestEnv(t, map[string]func() *dagrun.Pipeline{"other": func() *dagrun.Pipeline { return dagrun.New("other") }})
	err := env.start(t, goTestPipeline(nil), nil)
	var appErr *sdktemporal.ApplicationError
	if !errors.As(err, &appErr) {
		t.Fatalf("workflow error %v, want an application error", err)
	}
	if appErr.Type() != ErrTypeGoPipelineMissing || !appErr.NonRetryable() {
		t.Errorf("error type %q (non-retryable %v), want %q, non-retryable", appErr.Type(), appErr.NonRetryable(), ErrTypeGoPipelineMissing)
	}
	for _, want := range []string{`no Go pipeline "gopipes"`, `task queue "default-test-taskqueue"`, "has: other"} {
		if !strings.Contains(appErr.Message(), want) {
			t.Errorf("error %q does not say %q", appErr.Message(), want)
		}
	}
}

// TestGoPipelineMismatch: a worker whose pipeline of that name is not the
// starter's fails the run at once, naming what differs and which side
// lacks which pipe; nothing runs.
func TestGoPipelineMismatch(t *testing.T) {
	var ran atomic.Int32
	worker := func() *dagrun.Pipeline {
		fn := func(context.Context, dagrun.Inputs) (any, error) { ran.Add(1); return nil, nil }
		return dagrun.New("gopipes").
			Add("a", fn).
			Add("b", fn, dagrun.DependsOn("a"), dagrun.Retries(1, time.Second)).
			Add("only_worker", fn)
	}
	starter := func() *dagrun.Pipeline {
		fn := func(context.Context, dagrun.Inputs) (any, error) { return nil, nil }
		return dagrun.New("gopipes").
			Add("a", fn).
			Add("b", fn, dagrun.DependsOn("a"), dagrun.Retries(2, time.Second)).
			Add("only_starter", fn, dagrun.DependsOn("a"))
	}
	env := newGoTestEnv(t, map[string]func() *dagrun.Pipeline{"gopipes": worker})
	err := env.start(t, starter(), nil)
	var appErr *sdktemporal.ApplicationError
	if !errors.As(err, &appErr) {
		t.Fatalf("workflow error %v, want an application error", err)
	}
	if appErr.Type() != ErrTypeGoPipelineMismatch || !appErr.NonRetryable() {
		t.Errorf("error type %q (non-retryable %v), want %q, non-retryable", appErr.Type(), appErr.NonRetryable(), ErrTypeGoPipelineMismatch)
	}
	want := `the Go pipeline "gopipes" of the worker of task queue "default-test-taskqueue" is not the starter's: ` +
		`the worker's has no pipe only_starter; the starter's has no pipe only_worker; ` +
		`pipes differ: b (starter: func, depends on [a], retry {Retries:2 Delay:1s Backoff:1 MaxDelay:0s Jitter:0 Delays:[]}; ` +
		`worker: func, depends on [a], retry {Retries:1 Delay:1s Backoff:1 MaxDelay:0s Jitter:0 Delays:[]})`
	if appErr.Message() != want {
		t.Errorf("error:\n%s\nwant:\n%s", appErr.Message(), want)
	}
	if n := ran.Load(); n != 0 {
		t.Errorf("%d functions ran, want none", n)
	}
}

// TestGoPipelineItemsChanged: an item whose key the worker's items no
// longer have fails for good, saying why.
func TestGoPipelineItemsChanged(t *testing.T) {
	var made atomic.Int32
	build := func() *dagrun.Pipeline {
		return dagrun.New("drifting").ForEach("each", func(context.Context, dagrun.Inputs) ([]dagrun.Item, error) {
			if made.Add(1) == 1 {
				return []dagrun.Item{{Key: "a", Value: 1}}, nil
			}
			return []dagrun.Item{{Key: "b", Value: 1}}, nil
		}, func(context.Context, dagrun.Inputs, dagrun.Item) (any, error) { return "ran", nil }, dagrun.Retries(2, time.Second))
	}
	env := newGoTestEnv(t, map[string]func() *dagrun.Pipeline{"drifting": build})
	if err := env.start(t, build(), nil); err != nil {
		t.Fatal(err)
	}
	rep := reportIn(t, env.env)
	var got []string
	for _, r := range rep.Results {
		s := fmt.Sprintf("%s %s %d", r.ID, r.Status, r.Attempts)
		if r.Err != nil {
			s += ": " + r.Err.Error()
		}
		got = append(got, s)
	}
	want := []string{
		`each failed 1: instance each[a] failed: the items of each made on this worker have no key "a" (an ItemsFunc must give the same items for the same inputs)`,
		`each[a] failed 1: the items of each made on this worker have no key "a" (an ItemsFunc must give the same items for the same inputs)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pipes (-want +got):\n%s", diff)
	}
}

// TestGoFingerprints: what the starter sends of a pipeline built in Go.
func TestGoFingerprints(t *testing.T) {
	desc, err := goPipelineOf(goTestPipeline(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]GoFingerprint{
		"each":         {Kind: "for_each", Deps: []string{"config"}, Retry: executor.RetryPolicy{Retries: 1, Delay: time.Second, Backoff: 1}, Pool: "narrow"},
		"when_two":     {Kind: "func", Deps: []string{"config"}, If: true},
		"exit":         {Kind: "func", Deps: []string{}, Handler: "exit"},
		"after_broken": {Kind: "func", Deps: []string{"broken"}, Trigger: "all_done"},
	}
	for id, fp := range want {
		if diff := cmp.Diff(normal(fp), normal(desc.Pipes[id])); diff != "" {
			t.Errorf("%s (-want +got):\n%s", id, diff)
		}
	}
	if diff := cmp.Diff(map[string]int{"narrow": 1}, desc.Pools); diff != "" {
		t.Errorf("pools (-want +got):\n%s", diff)
	}
}

// TestTypeMissingOnWorker: a worker without a pipe type the pipeline uses
// fails the run at once (non-retryable), naming the type and its task
// queue; a worker that runs the attempt without it fails the pipe for good
// (its retries are not tried), saying the same.
func TestTypeMissingOnWorker(t *testing.T) {
	path := filepath.Join(t.TempDir(), "custom.hcl")
	if err := os.WriteFile(path, []byte("pipe \"a\" {\n  use     = \"try\"\n  retries = 3\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := dagrun.Load(path, dagrun.LoadOptions{Types: testTypes(t)})
	if err != nil {
		t.Fatal(err)
	}
	src, err := NewSource(path, p)
	if err != nil {
		t.Fatal(err)
	}
	in, err := (&Engine{Source: src}).input(dagrun.EngineRun{Pipeline: p})
	if err != nil {
		t.Fatal(err)
	}
	run := func(workflowTypes, activityTypes *pipes.Registry) *testsuite.TestWorkflowEnvironment {
		var suite testsuite.WorkflowTestSuite
		suite.SetLogger(quietLogger())
		env := suite.NewTestWorkflowEnvironment()
		acts := &activities{types: activityTypes, log: slog.New(slog.DiscardHandler)}
		env.RegisterWorkflowWithOptions(workflowWith(workflowTypes, nil), workflow.RegisterOptions{Name: WorkflowName})
		env.RegisterActivityWithOptions(acts.runPipe, activity.RegisterOptions{Name: ActivityName})
		env.ExecuteWorkflow(WorkflowName, in)
		if !env.IsWorkflowCompleted() {
			t.Fatal("the workflow did not complete")
		}
		return env
	}

	env := run(pipes.Builtins(), pipes.Builtins())
	var appErr *sdktemporal.ApplicationError
	if err := env.GetWorkflowError(); !errors.As(err, &appErr) || !appErr.NonRetryable() {
		t.Fatalf("workflow error %v, want a non-retryable application error", err)
	}
	for _, want := range []string{`task queue "default-test-taskqueue"`, `There is no pipe type "try"`, "custom.hcl:2"} {
		if !strings.Contains(appErr.Message(), want) {
			t.Errorf("error %q does not say %q", appErr.Message(), want)
		}
	}

	env = run(testTypes(t), pipes.Builtins())
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	rep := reportIn(t, env)
	r := rep.Results[0]
	if r.Status != executor.StatusFailed || r.Attempts != 1 || r.Err == nil ||
		r.Err.Error() != `pipe type "try" is not registered on this worker (task queue "dagrun")` {
		t.Errorf("pipe a: %s after %d attempt(s), error %v; want failed after 1 attempt, the type and queue named", r.Status, r.Attempts, errOf(r.Err))
	}
}

// TestGoPipelineMissingOnActivityWorker: an attempt that lands on a worker
// without the pipeline fails for good (its retries are not tried), naming
// the pipeline and the worker's queue.
func TestGoPipelineMissingOnActivityWorker(t *testing.T) {
	build := func() *dagrun.Pipeline {
		return dagrun.New("lonely").Add("a", func(context.Context, dagrun.Inputs) (any, error) { return "ran", nil },
			dagrun.Retries(3, time.Second))
	}
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(quietLogger())
	env := suite.NewTestWorkflowEnvironment()
	withIt := newGoPipelines("test-queue", map[string]func() *dagrun.Pipeline{"lonely": build})
	without := newGoPipelines("other-queue", nil)
	types, err := withGoType(pipes.Builtins(), without)
	if err != nil {
		t.Fatal(err)
	}
	acts := &activities{types: types, log: slog.New(slog.DiscardHandler)}
	env.RegisterWorkflowWithOptions(workflowWith(pipes.Builtins(), withIt), workflow.RegisterOptions{Name: WorkflowName})
	env.RegisterActivityWithOptions(acts.runPipe, activity.RegisterOptions{Name: ActivityName})
	in, err := (&Engine{}).goInput(dagrun.EngineRun{Pipeline: build()})
	if err != nil {
		t.Fatal(err)
	}
	env.ExecuteWorkflow(WorkflowName, in)
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	rep := reportIn(t, env)
	r := rep.Results[0]
	want := `the worker of task queue "other-queue" has no Go pipeline "lonely" registered (WorkerOptions.Pipelines has: none)`
	if r.Status != executor.StatusFailed || r.Attempts != 1 || errOf(r.Err) != want {
		t.Errorf("pipe a: %s after %d attempt(s), error %s; want failed after 1 attempt: %s", r.Status, r.Attempts, errOf(r.Err), want)
	}
}

// TestGoLostAttemptRetried: the attempt of a Go pipe whose worker is lost
// counts as timed out and is retried as an HCL pipe's is; an If whose
// worker is lost is evaluated again by Temporal.
func TestGoLostAttemptRetried(t *testing.T) {
	build := func() *dagrun.Pipeline {
		return dagrun.New("lost").
			Add("a", func(context.Context, dagrun.Inputs) (any, error) { return "ok", nil }, dagrun.Retries(1, 5*time.Second)).
			Add("b", func(context.Context, dagrun.Inputs) (any, error) { return "ok", nil }, dagrun.DependsOn("a")).
			Add("c", func(context.Context, dagrun.Inputs) (any, error) { return "ran", nil }, dagrun.DependsOn("a"),
				dagrun.If(func(context.Context, dagrun.Inputs) (bool, error) { return true, nil }))
	}
	var evals atomic.Int32
	env := newGoTestEnvWith(t, map[string]func() *dagrun.Pipeline{"lost": build},
		func(run func(context.Context, PipeTask) (*PipeOutput, error)) func(context.Context, PipeTask) (*PipeOutput, error) {
			return func(ctx context.Context, task PipeTask) (*PipeOutput, error) {
				if task.Attempt == 1 && task.Task != "c" {
					return nil, sdktemporal.NewTimeoutError(enumspb.TIMEOUT_TYPE_HEARTBEAT, nil)
				}
				return run(ctx, task)
			}
		},
		func(run func(context.Context, goCall) (*goEval, error)) func(context.Context, goCall) (*goEval, error) {
			return func(ctx context.Context, call goCall) (*goEval, error) {
				if evals.Add(1) == 1 {
					return nil, sdktemporal.NewTimeoutError(enumspb.TIMEOUT_TYPE_HEARTBEAT, nil)
				}
				return run(ctx, call)
			}
		})
	if err := env.start(t, build(), nil); err != nil {
		t.Fatal(err)
	}
	rep := reportIn(t, env.env)
	got := map[string]string{}
	for _, r := range rep.Results {
		got[r.ID] = fmt.Sprintf("%s/%d %s", r.Status, r.Attempts, errOf(r.Err))
	}
	want := map[string]string{
		"a": "succeeded/2 <nil>",
		"b": "failed/1 attempt 1 lost: its worker stopped heartbeating",
		"c": "succeeded/1 <nil>",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pipes (-want +got):\n%s", diff)
	}
	if n := evals.Load(); n != 2 {
		t.Errorf("the If was evaluated %d times, want 2 (its first worker lost)", n)
	}
}

// TestGoPipelineReuse: a resumed run of a pipeline built in Go reuses the
// results it is given (their functions do not run) and their outputs flow
// downstream, as locally.
func TestGoPipelineReuse(t *testing.T) {
	calls := newGoCalls()
	env := newGoTestEnv(t, map[string]func() *dagrun.Pipeline{"gopipes": func() *dagrun.Pipeline { return goTestPipeline(calls) }})
	config := cty.ObjectVal(map[string]cty.Value{"n": cty.NumberIntVal(4), "names": cty.ListVal([]cty.Value{cty.StringVal("k")})})
	reuse := func(id string) (dagrun.PipeResult, bool) {
		if id != "config" {
			return dagrun.PipeResult{}, false
		}
		return dagrun.PipeResult{ID: id, Pipe: id, Status: executor.StatusSucceeded, Attempts: 1, Output: config}, true
	}
	p := goTestPipeline(nil)
	in, err := (&Engine{}).goInput(dagrun.EngineRun{Pipeline: p, Reuse: reuse})
	if err != nil {
		t.Fatal(err)
	}
	env.env.ExecuteWorkflow(WorkflowName, in)
	if err := env.env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	var out Output
	if err := env.env.GetWorkflowResult(&out); err != nil {
		t.Fatal(err)
	}
	res := resultOf(t, p, &out, eventsIn(t, env.env), nil)
	if n := calls.counts()["config"]; n != 0 {
		t.Errorf("config ran %d times, want 0 (reused)", n)
	}
	var scaled struct{ N int }
	if err := res.Decode("scaled", &scaled); err != nil || scaled.N != 40 {
		t.Errorf("scaled.n = %d (%v), want 40 from the reused config", scaled.N, err)
	}
	var ids []string
	for _, r := range res.Pipes {
		if r.Key != "" {
			ids = append(ids, r.ID)
		}
	}
	if diff := cmp.Diff([]string{"each[k]"}, ids); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}
