package executor

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
	"go.uber.org/goleak"

	"github.com/dagrun/dagrun/pipes"
	"github.com/dagrun/dagrun/rules"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fakeClock records every back-off delay. In auto mode a timer fires at once (in
// its own goroutine) and advances virtual time; otherwise timers wait for fire().
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	auto    bool
	delays  []time.Duration
	pending []*fakeTimer
}

type fakeTimer struct {
	c       *fakeClock
	f       func()
	stopped bool
	fired   bool
}

func newFakeClock(auto bool) *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), auto: auto}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.delays = append(c.delays, d)
	t := &fakeTimer{c: c, f: f}
	if c.auto {
		c.now = c.now.Add(d)
		t.fired = true
		go f()
		return t
	}
	c.pending = append(c.pending, t)
	return t
}

// fire runs every pending timer.
func (c *fakeClock) fire() int {
	c.mu.Lock()
	ts := c.pending
	c.pending = nil
	c.mu.Unlock()
	n := 0
	for _, t := range ts {
		c.mu.Lock()
		run := !t.stopped && !t.fired
		t.fired = true
		c.mu.Unlock()
		if run {
			n++
			go t.f()
		}
	}
	return n
}

func (c *fakeClock) pendingCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending)
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	if t.fired || t.stopped {
		return false
	}
	t.stopped = true
	return true
}

func ok(context.Context, Input) (cty.Value, error) { return cty.NilVal, nil }

var errBoom = errors.New("boom")

func fail(context.Context, Input) (cty.Value, error) { return cty.NilVal, errBoom }

func upToDate(context.Context, Input) (cty.Value, bool, error) {
	return cty.StringVal("recorded"), true, nil
}

func mustRun(t *testing.T, ctx context.Context, nodes []Node, opts Options) *Report {
	t.Helper()
	g, err := NewGraph(nodes)
	if err != nil {
		t.Fatalf("NewGraph: %v", err)
	}
	rep, err := Run(ctx, g, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

type summary struct {
	Status   string
	Reason   string
	Attempts int
}

func summarize(rep *Report) map[string]summary {
	m := map[string]summary{}
	for _, r := range rep.Results {
		m[r.ID] = summary{r.Status.String(), r.Reason, r.Attempts}
	}
	return m
}

// peak tracks the maximum number of concurrently running tasks.
type peak struct {
	cur, max atomic.Int64
}

func (p *peak) task(ctx context.Context, _ Input) (cty.Value, error) {
	n := p.cur.Add(1)
	for {
		m := p.max.Load()
		if n <= m || p.max.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(200 * time.Microsecond) // give others the chance to overlap
	p.cur.Add(-1)
	return cty.NilVal, nil
}

func TestParallelismLimit(t *testing.T) {
	for _, limit := range []int{1, 2, 3, 8} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			var p peak
			var nodes []Node
			for i := range 60 {
				nodes = append(nodes, Node{ID: fmt.Sprint("n", i), Task: p.task})
			}
			rep := mustRun(t, t.Context(), nodes, Options{Parallelism: limit})
			if rep.Status != StatusSucceeded {
				t.Fatalf("status %v", rep.Status)
			}
			if got := p.max.Load(); got > int64(limit) {
				t.Errorf("peak concurrency %d > limit %d", got, limit)
			}
			if limit > 1 && p.max.Load() < 2 {
				t.Logf("note: no overlap observed (peak %d)", p.max.Load())
			}
		})
	}
}

func TestPoolLimit(t *testing.T) {
	var global, small peak
	var nodes []Node
	for i := range 40 {
		n := Node{ID: fmt.Sprint("g", i), Task: global.task}
		if i%2 == 0 {
			n = Node{ID: fmt.Sprint("p", i), Task: small.task, Pool: "api"}
		}
		nodes = append(nodes, n)
	}
	rep := mustRun(t, t.Context(), nodes, Options{Parallelism: 6, Pools: map[string]int{"api": 2}})
	if rep.Status != StatusSucceeded {
		t.Fatalf("status %v", rep.Status)
	}
	if got := small.max.Load(); got > 2 {
		t.Errorf("pool peak %d > 2", got)
	}
	if got := small.max.Load() + global.max.Load(); got > 6+2 {
		t.Errorf("impossible peak sum %d", got)
	}
}

func TestUnknownPoolIsAnError(t *testing.T) {
	g, err := NewGraph([]Node{{ID: "a", Task: ok, Pool: "nope"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(t.Context(), g, Options{}); err == nil {
		t.Fatal("want error for unknown pool")
	}
}

func TestDiamondAtParallelismOne(t *testing.T) {
	var order []string
	var mu sync.Mutex
	rec := func(ctx context.Context, in Input) (cty.Value, error) {
		mu.Lock()
		order = append(order, in.Node)
		mu.Unlock()
		return cty.NilVal, nil
	}
	nodes := []Node{
		{ID: "a", Task: rec},
		{ID: "b", Task: rec, Deps: []string{"a"}},
		{ID: "c", Task: rec, Deps: []string{"a"}},
		{ID: "d", Task: rec, Deps: []string{"b", "c"}},
	}
	rep := mustRun(t, t.Context(), nodes, Options{Parallelism: 1})
	if rep.Status != StatusSucceeded {
		t.Fatalf("status %v", rep.Status)
	}
	if diff := cmp.Diff([]string{"a", "b", "c", "d"}, order); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// TestDependenciesFinishFirst runs random DAGs and checks, with a global sequence
// counter, that every node starts after all its dependencies ended.
func TestDependenciesFinishFirst(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 7))
		n := 50 + rng.IntN(100)
		var seq atomic.Int64
		start := make([]int64, n)
		end := make([]int64, n)
		nodes := make([]Node, n)
		for i := range n {
			i := i
			nodes[i] = Node{ID: fmt.Sprint(i), Task: func(context.Context, Input) (cty.Value, error) {
				start[i] = seq.Add(1)
				if rng := i % 3; rng == 0 {
					time.Sleep(50 * time.Microsecond)
				}
				end[i] = seq.Add(1)
				return cty.NilVal, nil
			}}
			for j := range i {
				if rng.IntN(n) < 3 {
					nodes[i].Deps = append(nodes[i].Deps, fmt.Sprint(j))
				}
			}
		}
		rep := mustRun(t, t.Context(), nodes, Options{Parallelism: 1 + int(seed%5)})
		if rep.Status != StatusSucceeded {
			t.Fatalf("seed %d: status %v", seed, rep.Status)
		}
		for i, nd := range nodes {
			for _, d := range nd.Deps {
				var j int
				fmt.Sscan(d, &j)
				if end[j] >= start[i] {
					t.Fatalf("seed %d: node %d started (seq %d) before dep %d ended (seq %d)", seed, i, start[i], j, end[j])
				}
			}
		}
	}
}

func TestRetriesCountExactly(t *testing.T) {
	clk := newFakeClock(true)
	var calls atomic.Int64
	flaky := func(context.Context, Input) (cty.Value, error) {
		if calls.Add(1) < 3 {
			return cty.NilVal, errBoom
		}
		return cty.StringVal("ok"), nil
	}
	nodes := []Node{
		{ID: "always", Task: fail, Retry: RetryPolicy{Retries: 4, Delay: time.Second}},
		{ID: "flaky", Task: flaky, Retry: RetryPolicy{Retries: 5, Delay: time.Second}},
		{ID: "none", Task: fail},
	}
	rep := mustRun(t, t.Context(), nodes, Options{Clock: clk})
	want := map[string]summary{
		"always": {"failed", "", 5},
		"flaky":  {"succeeded", "", 3},
		"none":   {"failed", "", 1},
	}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if r, _ := rep.Result("flaky"); !r.Output.RawEquals(cty.StringVal("ok")) {
		t.Errorf("flaky output %#v", r.Output)
	}
	if r, _ := rep.Result("always"); !errors.Is(r.Err, errBoom) {
		t.Errorf("always err %v", r.Err)
	}
}

func TestBackoffDelaysFollowFormula(t *testing.T) {
	tests := []struct {
		name   string
		policy RetryPolicy
		rnd    float64
		want   []time.Duration
	}{
		{"constant", RetryPolicy{Retries: 3, Delay: 2 * time.Second, Backoff: 1}, 0.5,
			[]time.Duration{2 * time.Second, 2 * time.Second, 2 * time.Second}},
		{"doubling", RetryPolicy{Retries: 4, Delay: time.Second, Backoff: 2}, 0.5,
			[]time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}},
		{"capped", RetryPolicy{Retries: 5, Delay: time.Second, Backoff: 3, MaxDelay: 10 * time.Second}, 0.5,
			[]time.Duration{time.Second, 3 * time.Second, 9 * time.Second, 10 * time.Second, 10 * time.Second}},
		{"jitter low", RetryPolicy{Retries: 2, Delay: 10 * time.Second, Backoff: 2, Jitter: 0.5}, 0,
			[]time.Duration{5 * time.Second, 10 * time.Second}},
		{"jitter high", RetryPolicy{Retries: 2, Delay: 10 * time.Second, Backoff: 2, Jitter: 0.2}, 1,
			[]time.Duration{12 * time.Second, 24 * time.Second}},
		{"zero backoff means constant", RetryPolicy{Retries: 2, Delay: time.Second}, 0.5,
			[]time.Duration{time.Second, time.Second}},
		{"explicit delays, the last repeating", RetryPolicy{Retries: 4, Delay: time.Hour, Backoff: 2,
			Delays: []time.Duration{time.Second, 10 * time.Second, 100 * time.Second}}, 0.5,
			[]time.Duration{time.Second, 10 * time.Second, 100 * time.Second, 100 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock(true)
			rep := mustRun(t, t.Context(), []Node{{ID: "x", Task: fail, Retry: tt.policy}},
				Options{Clock: clk, Rand: func() float64 { return tt.rnd }})
			if r, _ := rep.Result("x"); r.Attempts != tt.policy.Retries+1 {
				t.Errorf("attempts %d", r.Attempts)
			}
			if diff := cmp.Diff(tt.want, clk.delays); diff != "" {
				t.Errorf("delays (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPermanentErrorIsNotRetried(t *testing.T) {
	var calls atomic.Int64
	perm := func(context.Context, Input) (cty.Value, error) {
		calls.Add(1)
		return cty.NilVal, pipes.Permanent(errBoom)
	}
	rep := mustRun(t, t.Context(), []Node{{ID: "p", Task: perm, Retry: RetryPolicy{Retries: 5}}}, Options{Clock: newFakeClock(true)})
	if calls.Load() != 1 {
		t.Errorf("calls = %d, want 1", calls.Load())
	}
	if r, _ := rep.Result("p"); r.Status != StatusFailed || !errors.Is(r.Err, errBoom) {
		t.Errorf("result %+v", r)
	}
}

func TestPanicIsAFailedAttempt(t *testing.T) {
	boom := func(context.Context, Input) (cty.Value, error) { panic("kaboom") }
	rep := mustRun(t, t.Context(), []Node{
		{ID: "p", Task: boom, Retry: RetryPolicy{Retries: 1}},
		{ID: "after", Task: ok, Deps: []string{"p"}},
	}, Options{Clock: newFakeClock(true)})
	want := map[string]summary{
		"p":     {"failed", "", 2},
		"after": {"skipped", ReasonUpstreamFailed, 0},
	}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if r, _ := rep.Result("p"); !errors.Is(r.Err, ErrPanic) {
		t.Errorf("err %v does not wrap ErrPanic", r.Err)
	}
}

func TestRetryBackoffHoldsNoSlot(t *testing.T) {
	clk := newFakeClock(false)
	var mu sync.Mutex
	var log []string
	rec := func(s string) {
		mu.Lock()
		log = append(log, s)
		mu.Unlock()
	}
	var aCalls atomic.Int64
	a := func(context.Context, Input) (cty.Value, error) {
		n := aCalls.Add(1)
		rec(fmt.Sprint("a", n))
		if n == 1 {
			return cty.NilVal, errBoom
		}
		return cty.NilVal, nil
	}
	b := func(context.Context, Input) (cty.Value, error) {
		rec("b")
		if clk.pendingCount() != 1 {
			t.Errorf("b started without a's retry timer pending")
		}
		clk.fire() // a may now retry, once b gives its slot back
		return cty.NilVal, nil
	}
	nodes := []Node{
		{ID: "a", Task: a, Retry: RetryPolicy{Retries: 1, Delay: time.Hour}},
		{ID: "b", Task: b, Deps: nil},
	}
	// b is declared after a, so a runs first at parallelism 1; b can only run while
	// a backs off if the back-off holds no slot.
	rep := mustRun(t, t.Context(), nodes, Options{Parallelism: 1, Clock: clk})
	if rep.Status != StatusSucceeded {
		t.Fatalf("status %v: %+v", rep.Status, summarize(rep))
	}
	if diff := cmp.Diff([]string{"a1", "b", "a2"}, log); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// The core decides every trigger rule as the truth table of package rules
// says (the reference prints the same table), including when: a rule whose
// outcome is certain is decided while an upstream still runs, one that is
// not waits for it. The core is driven step by step, holding the "running"
// upstream's attempt until x has been looked at. (A cancelled upstream comes
// only from a stopped run; the rules' own test covers those rows.)
func TestTriggerTable(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	no := func(context.Context, Input) (bool, error) { return false, nil }
	for _, row := range rules.TriggerTable() {
		if slices.Contains(row.Upstreams, "cancelled") {
			continue
		}
		for i, name := range TriggerNames() {
			trigger, _ := ParseTrigger(name)
			t.Run(fmt.Sprintf("%s/%s", name, strings.Join(row.Upstreams, ",")), func(t *testing.T) {
				nodes := []Node{{ID: "root", Task: fail}}
				var deps []string
				for k, u := range row.Upstreams {
					nd := Node{ID: fmt.Sprintf("u%d_%s", k, u), Task: ok}
					switch u {
					case "failed":
						nd.Task = fail
					case "skipped":
						nd.Condition = no
					case "skipped:upstream_failed":
						nd.Deps = []string{"root"}
					case "up_to_date":
						nd.UpToDate = upToDate
					}
					nodes = append(nodes, nd)
					deps = append(deps, nd.ID)
				}
				nodes = append(nodes, Node{ID: "x", Task: ok, Trigger: trigger, Deps: deps})
				g, err := NewGraph(nodes)
				if err != nil {
					t.Fatal(err)
				}
				s, err := NewSched(g, Options{})
				if err != nil {
					t.Fatal(err)
				}
				s.Begin(t0)
				var held []Step
				xStarted := false
				drain := func() {
					var step Step
					for s.Next(&step) {
						switch {
						case step.ID() == "x":
							xStarted = true
						case strings.HasSuffix(step.ID(), "_running") && len(held) == 0:
							held = append(held, step)
							continue
						}
						if out, done := step.Prepare(t.Context()); done {
							s.Complete(&step, out, t0)
							continue
						}
						s.AttemptStarted(&step, t0)
						v, err := step.Task()(t.Context(), step.Input())
						s.Complete(&step, s.AttemptFinished(&step, t0, t0, v, err, false, false), t0)
					}
				}
				drain()
				x := s.static[len(nodes)-1].res
				got := "waits"
				switch {
				case xStarted:
					got = "runs"
				case x.Status == StatusSkipped:
					got = x.Reason
				case x.Status.Done():
					got = x.Status.String()
				}
				if got != row.Want[i] {
					t.Errorf("x: %s, want %s", got, row.Want[i])
				}
				for _, step := range held {
					s.AttemptStarted(&step, t0)
					s.Complete(&step, s.AttemptFinished(&step, t0, t0, cty.NilVal, nil, false, false), t0)
				}
				drain()
				if !s.Done() {
					t.Error("the run did not end")
				}
			})
		}
	}
}

// The instances of a fan-out started early see what their fan-out node saw.
func TestEarlyFanOutInstancesSeePendingUpstreams(t *testing.T) {
	release := make(chan struct{}, 1)
	var mu sync.Mutex
	var seen []string
	inst := func(_ context.Context, in Input) (cty.Value, error) {
		r, _ := in.Upstream("slow")
		mu.Lock()
		seen = append(seen, in.Node+" "+r.Status.String())
		mu.Unlock()
		return cty.NilVal, nil
	}
	nodes := []Node{
		{ID: "fast", Task: ok},
		{ID: "slow", Task: func(ctx context.Context, _ Input) (cty.Value, error) {
			select {
			case <-release:
			case <-ctx.Done():
			case <-time.After(10 * time.Second): // a deadline for a hung test
			}
			return cty.NilVal, nil
		}},
		{ID: "fan", Deps: []string{"fast", "slow"}, Trigger: OneSuccess, Expand: func(context.Context, Input) ([]Instance, error) {
			return []Instance{{Key: "a", Task: inst}, {Key: "b", Task: inst}}, nil
		}},
		{ID: "after", Deps: []string{"fan"}, Task: func(context.Context, Input) (cty.Value, error) {
			release <- struct{}{}
			return cty.NilVal, nil
		}},
	}
	mustRun(t, t.Context(), nodes, Options{Parallelism: 2})
	slices.Sort(seen)
	if want := []string{"fan[a] pending", "fan[b] pending"}; !slices.Equal(seen, want) {
		t.Errorf("instances saw %q, want %q", seen, want)
	}
}

// A failure marked pipes.AllowFailure, once no retry is left, ends its node
// failed with Allowed: its dependents run, fail-fast does not stop the run,
// and the run succeeds. Its fan-out counts it as a success.
func TestAllowedFailure(t *testing.T) {
	allowed := func(context.Context, Input) (cty.Value, error) {
		return cty.NilVal, pipes.AllowFailure(errors.New("lint found 3 problems"))
	}
	nodes := []Node{
		{ID: "lint", Retry: RetryPolicy{Retries: 1}, Task: allowed},
		{ID: "build", Deps: []string{"lint"}, Task: ok},
		{ID: "fan", Expand: func(context.Context, Input) ([]Instance, error) {
			return []Instance{{Key: "a", Task: allowed}, {Key: "b", Task: ok}}, nil
		}},
		{ID: "after_fan", Deps: []string{"fan"}, Task: ok},
	}
	var finished []string
	var mu sync.Mutex
	obs := ObserverFunc(func(e Event) {
		if e.Type == EventPipeFinished && e.Allowed {
			mu.Lock()
			finished = append(finished, e.Node)
			mu.Unlock()
		}
	})
	rep := mustRun(t, t.Context(), nodes, Options{FailFast: true, Observer: obs})
	want := map[string]summary{
		"lint":      {"failed", "", 2},
		"build":     {"succeeded", "", 1},
		"fan":       {"succeeded", "", 2},
		"fan[a]":    {"failed", "", 1},
		"fan[b]":    {"succeeded", "", 1},
		"after_fan": {"succeeded", "", 1},
	}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if rep.Status != StatusSucceeded {
		t.Errorf("run %s, want succeeded", rep.Status)
	}
	if r, _ := rep.Result("lint"); !r.Allowed || r.Err == nil {
		t.Errorf("lint: allowed %v, err %v", r.Allowed, r.Err)
	}
	if r, _ := rep.Result("fan"); r.Err != nil || r.Allowed {
		t.Errorf("fan: err %v, allowed %v", r.Err, r.Allowed)
	}
	slices.Sort(finished)
	if !slices.Equal(finished, []string{"fan[a]", "lint"}) {
		t.Errorf("allowed events for %v", finished)
	}
}

// A task that returns pipes.Skip ends its node skipped (reason self) after one
// attempt, whatever its retries; what needs it is skipped, and a
// none_failed_min_one_success join of two branches runs.
func TestSelfSkip(t *testing.T) {
	attempts := 0
	nodes := []Node{
		{ID: "check", Retry: RetryPolicy{Retries: 3}, Task: func(context.Context, Input) (cty.Value, error) {
			attempts++
			return cty.StringVal("nothing to do"), pipes.Skip("exit status 99")
		}},
		{ID: "a", Deps: []string{"check"}, Task: ok},
		{ID: "b", Task: ok},
		{ID: "join", Deps: []string{"a", "b"}, Trigger: NoneFailedMinOneSuccess, Task: ok},
	}
	var results []AttemptResult
	var mu sync.Mutex
	obs := ObserverFunc(func(e Event) {
		if e.Type == EventAttemptFinished && e.Node == "check" {
			mu.Lock()
			results = append(results, e.AttemptResult)
			mu.Unlock()
		}
	})
	rep := mustRun(t, t.Context(), nodes, Options{Observer: obs})
	want := map[string]summary{
		"check": {"skipped", ReasonSelf, 1},
		"a":     {"skipped", ReasonUpstreamSkipped, 0},
		"b":     {"succeeded", "", 1},
		"join":  {"succeeded", "", 1},
	}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if r, _ := rep.Result("check"); r.Output.AsString() != "nothing to do" || r.Err != nil {
		t.Errorf("check: output %#v, err %v", r.Output, r.Err)
	}
	if attempts != 1 || !slices.Equal(results, []AttemptResult{AttemptOK}) || rep.Status != StatusSucceeded {
		t.Errorf("attempts %d, results %v, run %s", attempts, results, rep.Status)
	}
}

// A pipe that one_success lets start while another upstream still runs sees
// that upstream as pending, and the others' results.
func TestEarlyStartSeesPendingUpstreams(t *testing.T) {
	release := make(chan struct{}, 1)
	var seen []string
	nodes := []Node{
		{ID: "fast", Task: func(context.Context, Input) (cty.Value, error) { return cty.StringVal("f"), nil }},
		{ID: "slow", Task: func(ctx context.Context, _ Input) (cty.Value, error) {
			select {
			case <-release:
			case <-ctx.Done():
			case <-time.After(10 * time.Second): // a deadline for a hung test: x did not start early
			}
			return cty.StringVal("s"), nil
		}},
		{ID: "x", Deps: []string{"fast", "slow"}, Trigger: OneSuccess, Task: func(_ context.Context, in Input) (cty.Value, error) {
			defer func() { release <- struct{}{} }()
			for _, r := range in.Upstreams() {
				seen = append(seen, fmt.Sprintf("%s %s %v", r.ID, r.Status, r.Output != cty.NilVal))
			}
			if r, ok := in.Upstream("slow"); !ok || r.Status != StatusPending {
				return cty.NilVal, fmt.Errorf("slow: %v %v", r, ok)
			}
			return cty.NilVal, nil
		}},
	}
	rep := mustRun(t, t.Context(), nodes, Options{Parallelism: 2})
	if want := []string{"fast succeeded true", "slow pending false"}; !slices.Equal(seen, want) {
		t.Errorf("x saw %q, want %q", seen, want)
	}
	if r, _ := rep.Result("x"); r.Status != StatusSucceeded {
		t.Errorf("x: %s %v", r.Status, r.Err)
	}
}

func TestTriggerNames(t *testing.T) {
	for _, name := range TriggerNames() {
		tr, err := ParseTrigger(name)
		if err != nil || tr.String() != name {
			t.Errorf("%s: %v %v", name, tr, err)
		}
	}
	if _, err := ParseTrigger("sometimes"); err == nil {
		t.Error("want error")
	}
}

func TestSkipPropagationKeepsIndependentBranches(t *testing.T) {
	nodes := []Node{
		{ID: "a", Task: fail},
		{ID: "b", Task: ok, Deps: []string{"a"}},
		{ID: "c", Task: ok, Deps: []string{"b"}},
		{ID: "cleanup", Task: ok, Deps: []string{"c"}, Trigger: AllDone},
		{ID: "x", Task: ok},
		{ID: "y", Task: ok, Deps: []string{"x"}},
	}
	rep := mustRun(t, t.Context(), nodes, Options{})
	want := map[string]summary{
		"a":       {"failed", "", 1},
		"b":       {"skipped", ReasonUpstreamFailed, 0},
		"c":       {"skipped", ReasonUpstreamFailed, 0}, // the failure is carried on
		"cleanup": {"succeeded", "", 1},
		"x":       {"succeeded", "", 1},
		"y":       {"succeeded", "", 1},
	}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if rep.Status != StatusFailed {
		t.Errorf("run status %v", rep.Status)
	}
}

func TestConditionFalseSkipsDependents(t *testing.T) {
	var sawUpstream atomic.Bool
	cond := func(_ context.Context, in Input) (bool, error) {
		r, ok := in.Upstream("a")
		sawUpstream.Store(ok && r.Output.RawEquals(cty.NumberIntVal(1)))
		return false, nil
	}
	one := func(context.Context, Input) (cty.Value, error) { return cty.NumberIntVal(1), nil }
	rep := mustRun(t, t.Context(), []Node{
		{ID: "a", Task: one},
		{ID: "b", Task: ok, Deps: []string{"a"}, Condition: cond},
		{ID: "c", Task: ok, Deps: []string{"b"}},
	}, Options{})
	want := map[string]summary{
		"a": {"succeeded", "", 1},
		"b": {"skipped", ReasonConditionFalse, 0},
		"c": {"skipped", ReasonUpstreamSkipped, 0},
	}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !sawUpstream.Load() {
		t.Error("condition did not see the upstream output")
	}
	if rep.Status != StatusSucceeded {
		t.Errorf("run status %v", rep.Status)
	}
}

func TestOutputsFlowDownstream(t *testing.T) {
	sum := func(_ context.Context, in Input) (cty.Value, error) {
		total := int64(0)
		for _, u := range in.Upstreams() {
			v, _ := u.Output.AsBigFloat().Int64()
			total += v
		}
		return cty.NumberIntVal(total), nil
	}
	constant := func(n int64) Task {
		return func(context.Context, Input) (cty.Value, error) { return cty.NumberIntVal(n), nil }
	}
	rep := mustRun(t, t.Context(), []Node{
		{ID: "a", Task: constant(2)},
		{ID: "b", Task: constant(40)},
		{ID: "c", Task: sum, Deps: []string{"a", "b"}},
	}, Options{Parallelism: 2})
	if r, _ := rep.Result("c"); !r.Output.RawEquals(cty.NumberIntVal(42)) {
		t.Errorf("c output %#v", r.Output)
	}
}

func TestFailFastVersusContinue(t *testing.T) {
	started := make(chan struct{})
	blocker := func(ctx context.Context, _ Input) (cty.Value, error) {
		close(started)
		<-ctx.Done()
		return cty.NilVal, ctx.Err()
	}
	failAfterStart := func(context.Context, Input) (cty.Value, error) {
		<-started
		return cty.NilVal, errBoom
	}
	nodes := func() []Node {
		started = make(chan struct{})
		return []Node{
			{ID: "slow", Task: blocker},
			{ID: "bad", Task: failAfterStart},
			{ID: "later", Task: ok, Deps: []string{"bad"}, Trigger: AllDone},
		}
	}
	t.Run("fail_fast", func(t *testing.T) {
		rep := mustRun(t, t.Context(), nodes(), Options{FailFast: true, Parallelism: 2})
		want := map[string]summary{
			"slow":  {"cancelled", ReasonFailFast, 1},
			"bad":   {"failed", "", 1},
			"later": {"cancelled", ReasonFailFast, 0},
		}
		if diff := cmp.Diff(want, summarize(rep)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if rep.Status != StatusFailed {
			t.Errorf("status %v", rep.Status)
		}
	})
	t.Run("continue", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		ns := nodes()
		// In continue mode slow would block forever; end it once "later" ran.
		ns[2].Task = func(context.Context, Input) (cty.Value, error) { cancel(); return cty.NilVal, nil }
		rep := mustRun(t, ctx, ns, Options{Parallelism: 2})
		want := map[string]summary{
			"slow":  {"cancelled", ReasonRunCancelled, 1},
			"bad":   {"failed", "", 1},
			"later": {"succeeded", "", 1},
		}
		if diff := cmp.Diff(want, summarize(rep)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

func TestCancelStopsEverything(t *testing.T) {
	clk := newFakeClock(false)
	ctx, cancel := context.WithCancel(t.Context())
	var running sync.WaitGroup
	running.Add(2)
	block := func(ctx context.Context, _ Input) (cty.Value, error) {
		running.Done()
		<-ctx.Done()
		return cty.NilVal, ctx.Err()
	}
	flaky := func(context.Context, Input) (cty.Value, error) { return cty.NilVal, errBoom }
	nodes := []Node{
		{ID: "b1", Task: block},
		{ID: "b2", Task: block},
		{ID: "retrying", Task: flaky, Retry: RetryPolicy{Retries: 3, Delay: time.Hour}},
		{ID: "queued", Task: ok, Deps: []string{"b1"}},
		{ID: "waiting", Task: ok},
	}
	go func() {
		running.Wait()
		for clk.pendingCount() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	rep := mustRun(t, ctx, nodes, Options{Parallelism: 3, Clock: clk})
	if rep.Status != StatusCancelled {
		t.Errorf("status %v", rep.Status)
	}
	for _, r := range rep.Results {
		if r.ID == "waiting" && r.Status == StatusSucceeded {
			continue // it may have run before the cancel
		}
		if r.Status != StatusCancelled {
			t.Errorf("%s: %v (%s)", r.ID, r.Status, r.Reason)
		}
	}
	if r, _ := rep.Result("retrying"); r.Attempts != 1 {
		t.Errorf("retrying attempts %d, want 1 (cancellation stops retries)", r.Attempts)
	}
}

func TestTimeoutIsAFailedAttempt(t *testing.T) {
	var results []AttemptResult
	var mu sync.Mutex
	obs := ObserverFunc(func(e Event) {
		if e.Type == EventAttemptFinished {
			mu.Lock()
			results = append(results, e.AttemptResult)
			mu.Unlock()
		}
	})
	hang := func(ctx context.Context, _ Input) (cty.Value, error) {
		<-ctx.Done()
		return cty.NilVal, ctx.Err()
	}
	rep := mustRun(t, t.Context(), []Node{
		{ID: "h", Task: hang, Timeout: 5 * time.Millisecond, Retry: RetryPolicy{Retries: 1}},
	}, Options{Observer: obs, Clock: newFakeClock(true)})
	r, _ := rep.Result("h")
	if r.Status != StatusFailed || r.Attempts != 2 || !errors.Is(r.Err, context.DeadlineExceeded) {
		t.Errorf("result %+v", r)
	}
	if diff := cmp.Diff([]AttemptResult{AttemptTimeout, AttemptTimeout}, results); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestGateNodeSucceedsWithoutAttempt(t *testing.T) {
	rep := mustRun(t, t.Context(), []Node{
		{ID: "gate"},
		{ID: "step", Task: ok, Deps: []string{"gate"}},
	}, Options{})
	want := map[string]summary{"gate": {"succeeded", "", 0}, "step": {"succeeded", "", 1}}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestEventsSequence(t *testing.T) {
	var mu sync.Mutex
	var got []string
	obs := ObserverFunc(func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		s := e.Type.String()
		if e.Node != "" {
			s += " " + e.Node
		}
		switch e.Type {
		case EventAttemptStarted, EventRetrying:
			s += fmt.Sprintf(" %d/%d", e.Attempt, e.MaxAttempts)
		case EventAttemptFinished:
			s += " " + e.AttemptResult.String()
		case EventPipeFinished, EventRunFinished:
			s += " " + e.Status.String()
		}
		got = append(got, s)
	})
	var calls atomic.Int64
	flaky := func(context.Context, Input) (cty.Value, error) {
		if calls.Add(1) == 1 {
			return cty.NilVal, errBoom
		}
		return cty.NilVal, nil
	}
	mustRun(t, t.Context(), []Node{
		{ID: "a", Task: flaky, Retry: RetryPolicy{Retries: 2}},
		{ID: "b", Task: ok, Deps: []string{"a"}},
	}, Options{Observer: obs, Clock: newFakeClock(true)})
	want := []string{
		"run_started",
		"pipe_ready a",
		"attempt_started a 1/3",
		"attempt_finished a error",
		"retrying a 2/3",
		"attempt_started a 2/3",
		"attempt_finished a ok",
		"pipe_finished a succeeded",
		"pipe_ready b",
		"attempt_started b 1/1",
		"attempt_finished b ok",
		"pipe_finished b succeeded",
		"run_finished succeeded",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestNewGraphErrors(t *testing.T) {
	if _, err := NewGraph([]Node{{ID: "a"}, {ID: "a"}}); err == nil {
		t.Error("duplicate id: want error")
	}
	if _, err := NewGraph([]Node{{ID: "a", Deps: []string{"zz"}}}); err == nil {
		t.Error("unknown dep: want error")
	}
	if _, err := NewGraph([]Node{{ID: "a", Deps: []string{"b"}}, {ID: "b", Deps: []string{"a"}}}); err == nil {
		t.Error("cycle: want error")
	}
}

func TestEmptyGraph(t *testing.T) {
	rep := mustRun(t, t.Context(), nil, Options{})
	if rep.Status != StatusSucceeded || len(rep.Results) != 0 {
		t.Errorf("%+v", rep)
	}
}

func TestRunTimeoutFailsTheRun(t *testing.T) {
	clk := newFakeClock(false)
	started := make(chan struct{})
	block := func(ctx context.Context, _ Input) (cty.Value, error) {
		close(started)
		<-ctx.Done()
		return cty.NilVal, ctx.Err()
	}
	go func() {
		<-started
		for clk.pendingCount() == 0 {
			time.Sleep(time.Millisecond)
		}
		clk.fire()
	}()
	rep := mustRun(t, t.Context(), []Node{
		{ID: "slow", Task: block},
		{ID: "after", Task: ok, Deps: []string{"slow"}},
	}, Options{Timeout: time.Hour, Clock: clk})
	want := map[string]summary{
		"slow":  {"cancelled", ReasonRunTimeout, 1},
		"after": {"cancelled", ReasonRunTimeout, 0},
	}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if rep.Status != StatusFailed || !rep.TimedOut {
		t.Errorf("status %v timedOut %v", rep.Status, rep.TimedOut)
	}
}

// TestRealClock: the default clock's times carry a monotonic reading, follow
// the wall clock, and never go back.
func TestRealClock(t *testing.T) {
	c := &realClock{base: time.Now()}
	prev := c.Now()
	for range 1000 {
		before := time.Now()
		now := c.Now()
		after := time.Now()
		if now.Before(prev) {
			t.Fatalf("clock went back: %v after %v", now, prev)
		}
		// Compared on the monotonic clock, now lies between the two reads.
		if now.Before(before) || now.After(after) {
			t.Fatalf("clock reads %v outside [%v, %v]", now, before, after)
		}
		// And on the wall clock within a second of them (the wall clock
		// may only differ by a step of the system clock, none here).
		if d := now.Round(0).Sub(before.Round(0)); d < -time.Second || d > time.Second {
			t.Fatalf("wall time %v is %v from time.Now", now.Round(0), d)
		}
		prev = now
	}
}

// TestResultsInTopologicalOrder: a report's results follow the graph's
// stable topological order, each named after its node with its own
// attempts, whether the nodes were given in that order or not, and with
// handlers (which come last).
func TestResultsInTopologicalOrder(t *testing.T) {
	attempts := func(n int) Task {
		return func(_ context.Context, in Input) (cty.Value, error) {
			if in.Attempt < n {
				return cty.NilVal, errBoom
			}
			return cty.StringVal(in.Node), nil
		}
	}
	retry := RetryPolicy{Retries: 2}
	for _, tc := range []struct {
		name  string
		nodes []Node
		want  []string
	}{
		{"given in order", []Node{
			{ID: "a", Task: attempts(1)},
			{ID: "b", Task: attempts(2), Retry: retry, Deps: []string{"a"}},
			{ID: "c", Task: attempts(3), Retry: retry, Deps: []string{"b"}},
		}, []string{"a", "b", "c"}},
		{"given backwards", []Node{
			{ID: "c", Task: attempts(3), Retry: retry, Deps: []string{"b"}},
			{ID: "b", Task: attempts(2), Retry: retry, Deps: []string{"a"}},
			{ID: "a", Task: attempts(1)},
		}, []string{"a", "b", "c"}},
		{"with a handler", []Node{
			{ID: "exit", Task: attempts(1), Handler: HandlerExit},
			{ID: "a", Task: attempts(1)},
			{ID: "b", Task: attempts(2), Retry: retry, Deps: []string{"a"}},
		}, []string{"a", "b", "exit"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := mustRun(t, t.Context(), tc.nodes, Options{Clock: newFakeClock(true)})
			var got []string
			for _, r := range rep.Results {
				got = append(got, r.ID)
				if r.Status != StatusSucceeded || r.Output != cty.StringVal(r.ID) || r.Pipe != r.ID {
					t.Errorf("%s: %v, output %#v, pipe %q", r.ID, r.Status, r.Output, r.Pipe)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("results (-want +got):\n%s", diff)
			}
			for id, n := range map[string]int{"a": 1, "b": 2, "c": 3} {
				if r, ok := rep.Result(id); ok && r.Attempts != n {
					t.Errorf("%s: %d attempts, want %d", id, r.Attempts, n)
				}
			}
		})
	}
}
