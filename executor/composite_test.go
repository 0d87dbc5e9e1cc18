package executor

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

// A composite ends when its last step has, with the aggregate of its steps; what
// depends on it waits for that end. The events of the run say the same as its
// results.
func TestCompositeIsTheSumOfItsSteps(t *testing.T) {
	clock := newFakeClock(true)
	sleep := func(d time.Duration) Task {
		return func(context.Context, Input) (cty.Value, error) {
			clock.advance(d)
			return cty.NilVal, nil
		}
	}
	var mu sync.Mutex
	var finished []string
	var groupEvent Event
	obs := ObserverFunc(func(e Event) {
		if e.Type != EventPipeFinished {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		finished = append(finished, e.Node)
		if e.Node == "group" {
			groupEvent = e
		}
	})
	nodes := []Node{
		{ID: "group", Steps: []string{"one", "two"}},
		{ID: "one", Deps: []string{"group"}, Task: sleep(300 * time.Millisecond)},
		{ID: "two", Deps: []string{"group", "one"}, Task: sleep(300 * time.Millisecond), Retry: RetryPolicy{Retries: 1}},
		{ID: "after", Deps: []string{"group"}, Task: ok},
	}
	rep := mustRun(t, context.Background(), nodes, Options{Clock: clock, Observer: obs})
	g, _ := rep.Result("group")
	if g.Status != StatusSucceeded || g.Attempts != 2 || g.Duration != 600*time.Millisecond {
		t.Errorf("group = %s, %d attempts, %s; want succeeded, 2, 600ms (first start to last end)", g.Status, g.Attempts, g.Duration)
	}
	if !groupEvent.Group || groupEvent.Gate || groupEvent.Attempt != 2 || groupEvent.Duration != g.Duration || groupEvent.Status != g.Status {
		t.Errorf("the group's event %+v does not say what its result says", groupEvent)
	}
	want := []string{"one", "two", "group", "after"}
	if diff := cmp.Diff(want, finished); diff != "" {
		t.Errorf("finish order (-want +got):\n%s", diff)
	}
}

func TestCompositeStatus(t *testing.T) {
	boom := errors.New("boom")
	failing := func(context.Context, Input) (cty.Value, error) { return cty.NilVal, boom }
	no := func(context.Context, Input) (bool, error) { return false, nil }
	nodes := []Node{
		{ID: "up", Task: failing},
		// Its only step reads the failed upstream: skipped, with that reason.
		{ID: "reads_failed", Steps: []string{"s1"}},
		{ID: "s1", Deps: []string{"reads_failed", "up"}, Task: ok},
		// A failed step fails it, and names the step.
		{ID: "fails", Steps: []string{"f1", "f2"}},
		{ID: "f1", Deps: []string{"fails"}, Task: failing},
		{ID: "f2", Deps: []string{"fails"}, Task: ok},
		// Its own condition is false: it is skipped, and so are its steps.
		{ID: "off", Steps: []string{"o1", "o2"}, Condition: no},
		{ID: "o1", Deps: []string{"off"}, Task: ok},
		{ID: "o2", Deps: []string{"off"}, Task: ok, Trigger: AllDone}, // follows it all the same
		// Nested: the outer one is the sum of the inner one and its own step.
		{ID: "outer", Steps: []string{"inner", "x"}},
		{ID: "inner", Deps: []string{"outer"}, Steps: []string{"i1"}},
		{ID: "i1", Deps: []string{"inner"}, Task: ok, Retry: RetryPolicy{Retries: 2}},
		{ID: "x", Deps: []string{"outer"}, Task: ok},
		// Empty: succeeds.
		{ID: "empty", Steps: []string{}},
	}
	rep := mustRun(t, context.Background(), nodes, Options{})
	want := map[string]summary{
		"up":           {"failed", "", 1},
		"reads_failed": {"skipped", ReasonUpstreamFailed, 0},
		"s1":           {"skipped", ReasonUpstreamFailed, 0},
		"fails":        {"failed", "", 2},
		"f1":           {"failed", "", 1},
		"f2":           {"succeeded", "", 1},
		"off":          {"skipped", ReasonConditionFalse, 0},
		"o1":           {"skipped", ReasonUpstreamSkipped, 0},
		"o2":           {"skipped", ReasonUpstreamSkipped, 0},
		"outer":        {"succeeded", "", 2},
		"inner":        {"succeeded", "", 1},
		"i1":           {"succeeded", "", 1},
		"x":            {"succeeded", "", 1},
		"empty":        {"succeeded", "", 0},
	}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if r, _ := rep.Result("fails"); r.Err == nil || r.Err.Error() != "step f1 failed: boom" {
		t.Errorf("fails: error %v", r.Err)
	}
}

// A composite is never reused whole: its steps are, and it adds them up again.
func TestCompositeReuse(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	nodes := []Node{
		{ID: "group", Steps: []string{"a", "b"}},
		{ID: "a", Deps: []string{"group"}, Task: ok},
		{ID: "b", Deps: []string{"group"}, Task: ok},
	}
	asked := map[string]bool{}
	reuse := func(id string) (Result, bool) {
		asked[id] = true
		return Result{Attempts: 1, Started: t0, Finished: t0.Add(time.Second), Duration: time.Second}, true
	}
	rep := mustRun(t, context.Background(), nodes, Options{Reuse: reuse})
	if asked["group"] {
		t.Error("the composite was asked for an earlier result")
	}
	g, _ := rep.Result("group")
	if g.Status != StatusSucceeded || !g.Reused || g.Attempts != 2 || g.Duration != time.Second {
		t.Errorf("group = %+v; want succeeded, reused, 2 attempts, 1s", g)
	}
}

// Under fail-fast, an open composite ends cancelled with its unfinished steps.
func TestCompositeCancelled(t *testing.T) {
	block := func(ctx context.Context, _ Input) (cty.Value, error) {
		<-ctx.Done()
		return cty.NilVal, ctx.Err()
	}
	nodes := []Node{
		{ID: "bad", Task: fail},
		{ID: "group", Steps: []string{"slow"}},
		{ID: "slow", Deps: []string{"group"}, Task: block},
	}
	rep := mustRun(t, context.Background(), nodes, Options{FailFast: true})
	if g, _ := rep.Result("group"); g.Status != StatusCancelled || g.Reason != ReasonFailFast {
		t.Errorf("group = %s (%s); want cancelled (fail_fast)", g.Status, g.Reason)
	}
}

func TestCompositeGraphErrors(t *testing.T) {
	for name, nodes := range map[string][]Node{
		"unknown step":   {{ID: "g", Steps: []string{"nope"}}},
		"step twice":     {{ID: "g", Steps: []string{"a"}}, {ID: "h", Steps: []string{"a"}}, {ID: "a", Task: ok}},
		"composite task": {{ID: "g", Steps: []string{"a"}, Task: ok}, {ID: "a", Task: ok}},
	} {
		if _, err := NewGraph(nodes); err == nil {
			t.Errorf("%s: NewGraph accepted it", name)
		}
	}
}

// A for_each composite: each key's instance is a composite of its steps, and
// the fan-out is the sum of the keys.
func TestFanOutOfComposites(t *testing.T) {
	expand := func(context.Context, Input) ([]Instance, error) {
		var insts []Instance
		for _, k := range []string{"a", "b"} {
			base := "job[" + k + "]"
			task := ok
			if k == "a" {
				task = fail
			}
			insts = append(insts,
				Instance{Key: k, ID: base, Steps: []string{base + ".step"}},
				Instance{Key: k, ID: base + ".step", Deps: []string{base}, Task: task})
		}
		return insts, nil
	}
	rep := mustRun(t, context.Background(), []Node{{ID: "job", Expand: expand}}, Options{})
	want := map[string]summary{
		"job":         {"failed", "", 2},
		"job[a]":      {"failed", "", 1},
		"job[a].step": {"failed", "", 1},
		"job[b]":      {"succeeded", "", 1},
		"job[b].step": {"succeeded", "", 1},
	}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// advance moves the fake clock on by d (a task that takes d of virtual time).
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
