package executor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

// drive runs g on the core alone, in one goroutine and virtual time, as a
// workflow would: every step that may start is run to its end in the order
// the core gave it; a back-off is a timer of the loop. It returns the events.
func drive(t *testing.T, g *Graph, opts Options) []string {
	t.Helper()
	var events []string
	opts.Observer = ObserverFunc(func(e Event) {
		events = append(events, fmt.Sprintf("%s %s %s %s a%d", e.Time.Format("05.000"), e.Type, e.Node, e.Status, e.Attempt))
	})
	s, err := NewSched(g, opts)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	type timer struct {
		at time.Time
		i  int32
	}
	var timers []timer
	s.Begin(now)
	for !s.Done() {
		var step Step
		if !s.Next(&step) {
			if len(timers) == 0 {
				t.Fatal("the core waits for nothing, and is not done")
			}
			tm := timers[0]
			timers = timers[1:]
			now = tm.at
			s.Wake(tm.i, now)
			continue
		}
		out, done := step.Prepare(context.Background())
		if !done {
			start, in := now, step.Input()
			in.Attempt = s.AttemptStarted(&step, start)
			v, err := step.Task()(context.Background(), in)
			now = now.Add(10 * time.Millisecond)
			out = s.AttemptFinished(&step, start, now, v, err, false, false)
		}
		if delay, wait := s.Complete(&step, out, now); wait {
			timers = append(timers, timer{now.Add(delay), step.Index})
		}
	}
	s.Report(now)
	return events
}

// The core decides the same way every time it is told the same things: what
// a Temporal workflow's replay relies on.
func TestSchedIsDeterministic(t *testing.T) {
	attempts := map[string]int{}
	flaky := func(_ context.Context, in Input) (cty.Value, error) {
		attempts[in.Node]++
		if in.Attempt < 3 {
			return cty.NilVal, errors.New("not yet")
		}
		return cty.StringVal(in.Node), nil
	}
	nodes := []Node{
		{ID: "a", Task: flaky, Retry: RetryPolicy{Retries: 3, Delay: time.Second, Backoff: 2, Jitter: 0.5}},
		{ID: "b", Task: ok, Pool: "p"},
		{ID: "c", Task: ok, Pool: "p"},
		{ID: "group", Deps: []string{"b"}, Steps: []string{"s1", "s2"}},
		{ID: "s1", Deps: []string{"group"}, Task: fail},
		{ID: "s2", Deps: []string{"group", "a"}, Task: ok, Trigger: AllDone},
		{ID: "after", Deps: []string{"s1", "s2"}, Task: ok, Trigger: OneFailed},
	}
	g, err := NewGraph(nodes)
	if err != nil {
		t.Fatal(err)
	}
	seeded := func() func() float64 {
		x := 0.0
		return func() float64 { x += 0.37; return x - float64(int(x)) }
	}
	opts := Options{Parallelism: 2, Pools: map[string]int{"p": 1}}
	opts.Rand = seeded()
	first := drive(t, g, opts)
	opts.Rand = seeded()
	second := drive(t, g, opts)
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("two runs of the core differ (-first +second):\n%s", diff)
	}
	if attempts["a"] != 6 { // three attempts in each run
		t.Errorf("a ran %d attempts in two runs, want 6", attempts["a"])
	}
	// after (one_failed over the steps) starts as soon as s1 has failed,
	// and ends first; the composite ends after both its steps (one attempt
	// each), failed.
	var ends []string
	for _, e := range first {
		if strings.Contains(e, " pipe_finished group ") || strings.Contains(e, " pipe_finished after ") {
			ends = append(ends, e[strings.Index(e, "pipe_finished"):])
		}
	}
	if diff := cmp.Diff([]string{"pipe_finished after succeeded a1", "pipe_finished group failed a2"}, ends); diff != "" {
		t.Errorf("ends (-want +got):\n%s", diff)
	}
}

// TestNodeStateSize: the run-time state of a node fits in one cache line,
// so that a run of a large graph touches one line per node for it.
func TestNodeStateSize(t *testing.T) {
	if size := unsafe.Sizeof(nodeState{}); size > 64 {
		t.Errorf("sizeof(nodeState) = %d, more than a cache line (64)", size)
	}
}
