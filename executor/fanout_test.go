package executor

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

// expandN returns an Expand producing n instances whose task is t.
func expandN(n int, t Task) Expand {
	return func(context.Context, Input) ([]Instance, error) {
		insts := make([]Instance, n)
		for k := range insts {
			insts[k] = Instance{Key: fmt.Sprint(k), Task: t}
		}
		return insts, nil
	}
}

func TestFanOutUnderParallelism(t *testing.T) {
	var p peak
	var after atomic.Bool
	nodes := []Node{
		{ID: "fan", Expand: expandN(1000, p.task)},
		{ID: "after", Deps: []string{"fan"}, Task: func(context.Context, Input) (cty.Value, error) {
			after.Store(true)
			return cty.NilVal, nil
		}},
	}
	var instancesDone atomic.Int64
	obs := ObserverFunc(func(e Event) {
		if e.Type == EventPipeFinished && e.Key != "" && e.Pipe == "fan" {
			instancesDone.Add(1)
		}
		if e.Type == EventAttemptStarted && e.Node == "after" && instancesDone.Load() != 1000 {
			t.Errorf("after started with %d instances done", instancesDone.Load())
		}
	})
	rep := mustRun(t, t.Context(), nodes, Options{Parallelism: 4, Observer: obs})
	if got := p.max.Load(); got > 4 {
		t.Errorf("peak %d > 4", got)
	}
	if rep.Status != StatusSucceeded || !after.Load() {
		t.Fatalf("status %v after=%v", rep.Status, after.Load())
	}
	if len(rep.Results) != 1002 {
		t.Errorf("%d results", len(rep.Results))
	}
	if r, ok := rep.Result("fan[999]"); !ok || r.Pipe != "fan" || r.Key != "999" || r.Attempts != 1 {
		t.Errorf("instance result %+v", r)
	}
}

func TestFanOutFromUpstreamOutput(t *testing.T) {
	list := func(context.Context, Input) (cty.Value, error) {
		return cty.ListVal([]cty.Value{cty.StringVal("x"), cty.StringVal("y")}), nil
	}
	expand := func(_ context.Context, in Input) ([]Instance, error) {
		up, _ := in.Upstream("src")
		var insts []Instance
		for it := up.Output.ElementIterator(); it.Next(); {
			_, v := it.Element()
			s := v.AsString()
			insts = append(insts, Instance{Key: s, Task: func(context.Context, Input) (cty.Value, error) {
				return cty.StringVal("got " + s), nil
			}})
		}
		return insts, nil
	}
	var seen []string
	join := func(_ context.Context, in Input) (cty.Value, error) {
		for _, r := range in.Instances("fan") {
			seen = append(seen, r.ID+"="+r.Output.AsString())
		}
		return cty.NilVal, nil
	}
	rep := mustRun(t, t.Context(), []Node{
		{ID: "src", Task: list},
		{ID: "fan", Deps: []string{"src"}, Expand: expand},
		{ID: "join", Deps: []string{"fan"}, Task: join},
	}, Options{})
	if rep.Status != StatusSucceeded {
		t.Fatal(rep.Status)
	}
	if diff := cmp.Diff([]string{"fan[x]=got x", "fan[y]=got y"}, seen); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestFanOutEmptyAndFailures(t *testing.T) {
	var calls atomic.Int64
	flaky := func(_ context.Context, in Input) (cty.Value, error) {
		if in.Key == "1" && calls.Add(1) < 3 {
			return cty.NilVal, errBoom
		}
		if in.Key == "2" {
			return cty.NilVal, errBoom
		}
		return cty.NilVal, nil
	}
	rep := mustRun(t, t.Context(), []Node{
		{ID: "empty", Expand: expandN(0, ok)},
		{ID: "afterEmpty", Deps: []string{"empty"}, Task: ok},
		{ID: "fan", Expand: expandN(3, flaky), Retry: RetryPolicy{Retries: 2}},
		{ID: "strict", Deps: []string{"fan"}, Task: ok},
		{ID: "lenient", Deps: []string{"fan"}, Task: ok, Trigger: AllDone},
		{ID: "oneOK", Deps: []string{"fan"}, Task: ok, Trigger: OneSuccess},
	}, Options{Clock: newFakeClock(true)})
	got := summarize(rep)
	want := map[string]summary{
		"empty":      {"succeeded", "", 0},
		"afterEmpty": {"succeeded", "", 1},
		"fan":        {"failed", "", 1 + 3 + 3},
		"fan[0]":     {"succeeded", "", 1},
		"fan[1]":     {"succeeded", "", 3},
		"fan[2]":     {"failed", "", 3},
		"strict":     {"skipped", ReasonUpstreamFailed, 0},
		"lenient":    {"succeeded", "", 1},
		"oneOK":      {"succeeded", "", 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestFanOutExpandErrors(t *testing.T) {
	dup := func(context.Context, Input) ([]Instance, error) {
		return []Instance{{Key: "a", Task: ok}, {Key: "a", Task: ok}}, nil
	}
	bad := func(context.Context, Input) ([]Instance, error) { return nil, errors.New("not a collection") }
	rep := mustRun(t, t.Context(), []Node{{ID: "dup", Expand: dup}, {ID: "bad", Expand: bad}}, Options{})
	for _, id := range []string{"dup", "bad"} {
		if r, _ := rep.Result(id); r.Status != StatusFailed || r.Err == nil {
			t.Errorf("%s: %+v", id, r)
		}
	}
}

func TestReuseSkipsSucceededNodes(t *testing.T) {
	var ran []string
	rec := func(_ context.Context, in Input) (cty.Value, error) {
		ran = append(ran, in.Node)
		if in.Node == "b" {
			up, _ := in.Upstream("a")
			return up.Output, nil
		}
		return cty.StringVal(in.Node), nil
	}
	prev := map[string]Result{
		"a":      {Output: cty.StringVal("from before"), Attempts: 2},
		"fan[1]": {Output: cty.StringVal("old"), Attempts: 1},
		"fan":    {}, // never reused: a fan-out re-expands
	}
	rep := mustRun(t, t.Context(), []Node{
		{ID: "a", Task: rec},
		{ID: "b", Task: rec, Deps: []string{"a"}},
		{ID: "fan", Expand: expandN(2, rec)},
	}, Options{Parallelism: 1, Reuse: func(id string) (Result, bool) { r, ok := prev[id]; return r, ok }})
	if diff := cmp.Diff([]string{"b", "fan[0]"}, ran); diff != "" {
		t.Errorf("ran (-want +got):\n%s", diff)
	}
	a, _ := rep.Result("a")
	b, _ := rep.Result("b")
	if !a.Reused || a.Attempts != 2 || !b.Output.RawEquals(cty.StringVal("from before")) {
		t.Errorf("a %+v b %+v", a, b)
	}
	if f, _ := rep.Result("fan[1]"); !f.Reused {
		t.Errorf("fan[1] %+v", f)
	}
}

// TestFanOutOfACompositeTemplate expands each key into a small DAG of instances
// (load → store), as a for_each on a composite does.
func TestFanOutOfACompositeTemplate(t *testing.T) {
	var mu atomicLog
	step := func(name string) Task {
		return func(_ context.Context, in Input) (cty.Value, error) {
			if name == "store" {
				up, ok := in.Upstream(fmt.Sprintf("routing[%s].load", in.Key))
				if !ok || up.Status != StatusSucceeded {
					return cty.NilVal, fmt.Errorf("store of %s ran before its load", in.Key)
				}
			}
			mu.add(in.Node)
			return cty.StringVal(name + " " + in.Key), nil
		}
	}
	loadNode := &Node{Pipe: "load", Retry: RetryPolicy{Retries: 2}, Pool: "p"}
	storeNode := &Node{Pipe: "store"}
	expand := func(context.Context, Input) ([]Instance, error) {
		var insts []Instance
		for _, k := range []string{"a", "b", "c"} {
			load := fmt.Sprintf("routing[%s].load", k)
			insts = append(insts,
				Instance{Key: k, ID: load, Task: step("load"), Node: loadNode},
				Instance{Key: k, ID: fmt.Sprintf("routing[%s].store", k), Task: step("store"), Deps: []string{load}, Node: storeNode})
		}
		return insts, nil
	}
	rep := mustRun(t, t.Context(), []Node{
		{ID: "routing", Expand: expand},
		{ID: "after", Deps: []string{"routing"}, Task: ok},
	}, Options{Parallelism: 2, Pools: map[string]int{"p": 1}})
	if rep.Status != StatusSucceeded {
		r, _ := rep.Result("routing")
		t.Fatalf("%v %+v: %v", rep.Status, summarize(rep), r.Err)
	}
	if n := len(mu.get()); n != 6 {
		t.Errorf("%d instance runs", n)
	}
	r, _ := rep.Result("routing[b].store")
	if r.Pipe != "store" || r.Key != "b" || r.Output.AsString() != "store b" {
		t.Errorf("%+v", r)
	}
}

func TestFanOutInstanceDepErrors(t *testing.T) {
	unknown := func(context.Context, Input) ([]Instance, error) {
		return []Instance{{Key: "a", Task: ok, Deps: []string{"nope"}}}, nil
	}
	cycle := func(context.Context, Input) ([]Instance, error) {
		return []Instance{{Key: "a", ID: "x", Task: ok, Deps: []string{"y"}}, {Key: "a", ID: "y", Task: ok, Deps: []string{"x"}}}, nil
	}
	rep := mustRun(t, t.Context(), []Node{{ID: "u", Expand: unknown}, {ID: "c", Expand: cycle}}, Options{})
	for _, id := range []string{"u", "c"} {
		if r, _ := rep.Result(id); r.Status != StatusFailed {
			t.Errorf("%s: %+v", id, r)
		}
	}
}

type atomicLog struct {
	mu  sync.Mutex
	log []string
}

func (l *atomicLog) add(s string) { l.mu.Lock(); l.log = append(l.log, s); l.mu.Unlock() }
func (l *atomicLog) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.log...)
}

// An instance that follows a reused instance runs exactly once.
func TestReuseInsideAnExpansion(t *testing.T) {
	var runs atomic.Int64
	count := func(context.Context, Input) (cty.Value, error) { runs.Add(1); return cty.NilVal, nil }
	expand := func(context.Context, Input) ([]Instance, error) {
		return []Instance{
			{Key: "a", ID: "f[a].one", Task: count},
			{Key: "a", ID: "f[a].two", Task: count, Deps: []string{"f[a].one"}},
		}, nil
	}
	reused := time.Minute
	rep := mustRun(t, t.Context(), []Node{{ID: "f", Expand: expand}}, Options{
		Reuse: func(id string) (Result, bool) {
			if id == "f[a].one" {
				return Result{Attempts: 1, Duration: reused, Started: time.Unix(1, 0)}, true
			}
			return Result{}, false
		},
	})
	if runs.Load() != 1 {
		t.Errorf("%d runs, want 1", runs.Load())
	}
	if r, _ := rep.Result("f[a].one"); !r.Reused || r.Duration != reused {
		t.Errorf("reused result %+v", r)
	}
}

// Event.Index is dense and stable within a run: graph nodes keep their graph
// order, instances follow, and every event of a node carries the same index.
func TestEventIndexIsDense(t *testing.T) {
	var mu sync.Mutex
	index := map[string]int{}
	obs := ObserverFunc(func(e Event) {
		if e.Node == "" {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if i, ok := index[e.Node]; ok && i != e.Index {
			t.Errorf("%s: %s has index %d, earlier %d", e.Type, e.Node, e.Index, i)
		}
		index[e.Node] = e.Index
	})
	rep := mustRun(t, t.Context(), []Node{
		{ID: "a", Task: ok},
		{ID: "fan", Deps: []string{"a"}, Expand: expandN(3, ok), Retry: RetryPolicy{Retries: 1}},
		{ID: "b", Deps: []string{"fan"}, Task: ok},
	}, Options{Observer: obs})
	if rep.Status != StatusSucceeded {
		t.Fatal(rep.Status)
	}
	want := map[string]int{"a": 0, "fan": 1, "b": 2, "fan[0]": 3, "fan[1]": 4, "fan[2]": 5}
	if diff := cmp.Diff(want, index); diff != "" {
		t.Errorf("indexes (-want +got):\n%s", diff)
	}
}
