package executor

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/pipes"
)

// partsDriver runs a graph on the core alone, as drive does, and, when
// every is positive, ends the part every that many steps: it lets the
// back-offs end (starting nothing), carries the run over (Sched.Carry) and
// goes on with a new core (Options.Continue), as a Temporal workflow that
// continues as new does. Events a driver does not pass on in a later part
// (what ended, or was ready, in an earlier one) are left out, as the
// Temporal engine leaves them out.
type partsDriver struct {
	t      *testing.T
	g      *Graph
	opts   Options
	every  int
	now    time.Time
	parts  int
	events []string
	// ended and ready are the nodes whose pipe_finished and pipe_ready
	// an earlier part sent.
	ended, ready map[string]bool
	dropped      int // outputs left out of a carry
	polling      int // sensors carried over between two polls
	// outputs are the nodes' outputs as their pipe_finished events say:
	// what a client of the Temporal engine reports.
	outputs map[string]string
}

func (d *partsDriver) run() *Report {
	t := d.t
	d.now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	d.ended, d.ready, d.outputs = map[string]bool{}, map[string]bool{}, map[string]string{}
	opts := d.opts
	// state is what the parts carried: what the last part did not touch
	// (the instances of a fan-out it did not expand again) is as the one
	// before left it.
	state := map[string]NodeState{}
	seen := map[string]bool{}     // ready in this part, not ended
	finished := map[string]bool{} // ended in this part
	opts.Observer = ObserverFunc(func(e Event) {
		switch e.Type {
		case EventPipeReady:
			if d.ready[e.Node] || d.ended[e.Node] {
				return
			}
			seen[e.Node] = true
		case EventPipeFinished:
			if d.ended[e.Node] {
				return
			}
			delete(seen, e.Node)
			delete(d.ready, e.Node)
			finished[e.Node] = true
			d.outputs[e.Node] = outputText(Result{Output: e.Output})
		}
		d.events = append(d.events, fmt.Sprintf("%s %s %s %s a%d", e.Type, e.Node, e.Status, e.Reason, e.Attempt))
	})
	type timer struct {
		at time.Time
		i  int32
	}
	for {
		d.parts++
		s, err := NewSched(d.g, opts)
		if err != nil {
			t.Fatal(err)
		}
		s.Begin(d.now)
		var timers []timer
		steps := 0
		draining := false
		for !s.Done() {
			var step Step
			if draining || !s.Next(&step) {
				if len(timers) == 0 {
					if draining {
						break
					}
					t.Fatal("the core waits for nothing, and is not done")
				}
				slices.SortStableFunc(timers, func(a, b timer) int { return a.at.Compare(b.at) })
				tm := timers[0]
				timers = timers[1:]
				if tm.at.After(d.now) {
					d.now = tm.at
				}
				s.Wake(tm.i, d.now)
				continue
			}
			out, done := step.Prepare(context.Background())
			if !done {
				start, in := d.now, step.Input()
				in.Attempt = s.AttemptStarted(&step, start)
				v, err := step.Task()(context.Background(), in)
				d.now = d.now.Add(10 * time.Millisecond)
				out = s.AttemptFinished(&step, start, d.now, v, err, false, false)
			}
			if delay, wait := s.Complete(&step, out, d.now); wait {
				timers = append(timers, timer{d.now.Add(delay), step.Index})
			}
			if done {
				continue // a part counts attempts only: re-expanding a fan-out is no progress
			}
			if steps++; d.every > 0 && steps%d.every == 0 && !s.Done() {
				draining = true
			}
		}
		if s.Done() {
			return s.Report(d.now)
		}
		c, ok := s.Carry(func(ns NodeState, read bool) {
			if !read && ns.Result.Output != cty.NilVal {
				ns.Result.Output = cty.NilVal
				d.dropped++
			}
			state[ns.Result.ID] = ns
			if !ns.PollSince.IsZero() {
				d.polling++
			}
			if ns.Result.Status.Done() {
				d.ended[ns.Result.ID] = true
			}
		})
		if !ok {
			t.Fatal("the core could not be carried over once every step and back-off had ended")
		}
		for id := range finished {
			d.ended[id] = true // groups too
		}
		clear(finished)
		for id := range seen {
			d.ready[id] = true
		}
		clear(seen)
		c.State = func(id string) (NodeState, bool) { ns, ok := state[id]; return ns, ok }
		opts.Reuse, opts.Continue = nil, &c
	}
}

// randomGraph is a graph of n nodes made from seed: triggers, retries,
// transient and permanent failures, allowed failures, fan-outs with
// dependent instances, composites, conditions, and tasks that read their
// upstreams' outputs. How a task ends depends on its node and attempt only.
func randomGraph(seed uint64, n int) []Node {
	r := rand.New(rand.NewPCG(seed, 7))
	var nodes []Node
	ids := func() []string {
		var out []string
		for _, nd := range nodes {
			out = append(out, nd.ID)
		}
		return out
	}
	// early: the node's trigger may run it before every upstream has ended
	task := func(id string, early bool, failures int, permanent, allowed bool) Task {
		return func(_ context.Context, in Input) (cty.Value, error) {
			sum := 0
			for _, up := range in.Upstreams() {
				if early {
					break // what it sees depends on when it runs
				}
				if up.Output != cty.NilVal && up.Output.Type() == cty.Number {
					v, _ := up.Output.AsBigFloat().Int64()
					sum += int(v)
				}
			}
			switch {
			case permanent:
				return cty.NilVal, pipes.Permanent(errBoom)
			case in.Attempt <= failures && allowed:
				return cty.NilVal, pipes.AllowFailure(fmt.Errorf("%s attempt %d: %w", id, in.Attempt, errBoom))
			case in.Attempt <= failures:
				return cty.NilVal, fmt.Errorf("%s attempt %d: %w", id, in.Attempt, errBoom)
			}
			return cty.NumberIntVal(int64(sum + len(id))), nil
		}
	}
	for i := range n {
		id := fmt.Sprint("n", i)
		nd := Node{ID: id, Trigger: Trigger(r.IntN(7)), Retry: RetryPolicy{Retries: r.IntN(3), Delay: time.Duration(r.IntN(3)) * time.Second}}
		if nd.Trigger > NoneFailedMinOneSuccess {
			nd.Trigger = AllSuccess
		}
		early := nd.Trigger == OneSuccess || nd.Trigger == OneFailed
		prev := ids()
		for _, p := range prev {
			if r.IntN(6) == 0 {
				nd.Deps = append(nd.Deps, p)
			}
		}
		failures, permanent, allowed := r.IntN(4), r.IntN(13) == 0, r.IntN(5) == 0
		switch k := r.IntN(10); {
		case k == 0 && len(nodes) < n-2: // a composite of two steps
			nd.Steps = []string{id + "s0", id + "s1"}
			nodes = append(nodes, nd,
				Node{ID: id + "s0", Deps: []string{id}, Task: task(id+"s0", false, r.IntN(3), false, false), Retry: RetryPolicy{Retries: 1}},
				Node{ID: id + "s1", Deps: []string{id, id + "s0"}, Task: task(id+"s1", false, r.IntN(3), false, false), Retry: RetryPolicy{Retries: 2}, Trigger: AllDone})
			continue
		case k == 1: // a fan-out of a chain of instances, some filtered
			width := 1 + r.IntN(4)
			nd.Expand = func(_ context.Context, in Input) ([]Instance, error) {
				var out []Instance
				for j := range width {
					key := fmt.Sprint(j)
					inst := Instance{Key: key, Task: task(id+"["+key+"]", early, (i+j)%3, false, false)}
					if j > 0 && j%2 == 0 {
						inst.Deps = []string{fmt.Sprintf("%s[%d]", id, j-1)}
					}
					if j == 3 {
						inst.Condition = func(context.Context, Input) (bool, error) { return false, nil }
					}
					out = append(out, inst)
				}
				return out, nil
			}
		case k == 3: // a sensor that holds at its poll number `holds` of each attempt, or never
			holds, polls := 1+r.IntN(4), 0
			skip := r.IntN(2) == 0
			nd.Task = func(_ context.Context, in Input) (cty.Value, error) {
				if polls++; polls%holds != 0 && holds < 4 {
					return cty.NilVal, pipes.NotYet("its poll", time.Second, 3*time.Second, skip)
				} else if holds == 4 {
					return cty.NilVal, pipes.NotYet("nothing", time.Second, 3*time.Second, skip)
				}
				return cty.StringVal(id), nil
			}
		case k == 2:
			skip := r.IntN(2) == 0
			nd.Condition = func(context.Context, Input) (bool, error) { return !skip, nil }
			nd.Task = task(id, early, failures, permanent, allowed)
		default:
			nd.Task = task(id, early, failures, permanent, allowed)
		}
		nodes = append(nodes, nd)
	}
	return nodes
}

// A run carried over to a new core every few steps ends as the same run in
// one core: every node's status, reason, attempts and output, the run's
// status, and each node's events, sent once.
func TestContinuationIsTheSameRun(t *testing.T) {
	polling, parted := 0, 0
	defer func() {
		// Every kind of state was carried over: a sensor between polls too.
		if polling == 0 || parted == 0 {
			t.Errorf("%d runs in parts carried %d sensors between polls", parted, polling)
		}
	}()
	for seed := range uint64(60) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			graph := func() *Graph { // a graph of its own for each run: sensors count their polls
				g, err := NewGraph(randomGraph(seed, 12+int(seed%20)))
				if err != nil {
					t.Fatal(err)
				}
				return g
			}
			opts := Options{Parallelism: 1 + int(seed%3), Rand: func() float64 { return 0.5 }}
			whole := &partsDriver{t: t, g: graph(), opts: opts}
			want := whole.run()
			for _, every := range []int{1, 2, 5} {
				parts := &partsDriver{t: t, g: graph(), opts: opts, every: every}
				got := parts.run()
				polling += parts.polling
				parted++
				if got.Status != want.Status {
					t.Errorf("every %d steps: run %s, want %s", every, got.Status, want.Status)
				}
				if d := cmp.Diff(resultLines(want, whole.outputs), resultLines(got, parts.outputs)); d != "" {
					t.Errorf("every %d steps (%d parts): results differ (-one core +parts):\n%s", every, parts.parts, d)
				}
				if d := cmp.Diff(sortedEvents(whole.events), sortedEvents(parts.events)); d != "" {
					t.Errorf("every %d steps (%d parts): events differ (-one core +parts):\n%s", every, parts.parts, d)
				}
				if every == 1 && parts.parts < 2 {
					t.Errorf("every step: the run took %d part", parts.parts)
				}
			}
		})
	}
}

// resultLines are the results of rep, with the outputs their events said.
func resultLines(rep *Report, outputs map[string]string) []string {
	var out []string
	for _, r := range rep.Results {
		out = append(out, fmt.Sprintf("%s %s %s a%d out=%s err=%v allowed=%v", r.ID, r.Status, r.Reason, r.Attempts, outputs[r.ID], r.Err != nil, r.Allowed))
	}
	return out
}

func outputText(r Result) string {
	if r.Output == cty.NilVal {
		return "-"
	}
	return r.Output.GoString()
}

// sortedEvents are the events but their order: a part's end waits out the
// back-offs first, which changes the order of what runs (never what).
func sortedEvents(events []string) []string {
	out := slices.Clone(events)
	slices.Sort(out)
	return out
}

// Outputs nobody reads any more are marked so in what a run carries over.
func TestCarryMarksOutputsNotRead(t *testing.T) {
	val := func(_ context.Context, in Input) (cty.Value, error) { return cty.StringVal(in.Node), nil }
	var seen []string
	read := func(_ context.Context, in Input) (cty.Value, error) {
		up, _ := in.Upstream("b")
		seen = append(seen, up.Output.AsString())
		return cty.NilVal, nil
	}
	g, err := NewGraph([]Node{
		{ID: "a", Task: val},
		{ID: "b", Deps: []string{"a"}, Task: val},
		{ID: "c", Deps: []string{"b"}, Task: read},
	})
	if err != nil {
		t.Fatal(err)
	}
	d := &partsDriver{t: t, g: g, opts: Options{Parallelism: 1}, every: 1}
	rep := d.run()
	if rep.Status != StatusSucceeded || d.parts != 3 {
		t.Fatalf("run %s in %d parts, want succeeded in 3", rep.Status, d.parts)
	}
	if d.dropped != 1 { // a's output, once b has ended; b's is read by c
		t.Errorf("%d outputs left out, want 1 (a's)", d.dropped)
	}
	if d := cmp.Diff([]string{"b"}, seen); d != "" {
		t.Errorf("c read (-want +got):\n%s", d)
	}
}

// A run carries over nothing while a step runs or a back-off is pending.
func TestCarryWaitsForQuiet(t *testing.T) {
	flaky := func(_ context.Context, in Input) (cty.Value, error) {
		if in.Attempt == 1 {
			return cty.NilVal, errors.New("not yet")
		}
		return cty.NilVal, nil
	}
	g, err := NewGraph([]Node{{ID: "a", Task: flaky, Retry: RetryPolicy{Retries: 1, Delay: time.Second}}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSched(g, Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s.Begin(now)
	var step Step
	if !s.Next(&step) {
		t.Fatal("a does not start")
	}
	keep := func(NodeState, bool) { t.Error("a carry called keep") }
	if _, ok := s.Carry(keep); ok {
		t.Error("carried over with a step running")
	}
	in := step.Input()
	in.Attempt = s.AttemptStarted(&step, now)
	v, err := flaky(context.Background(), in)
	out := s.AttemptFinished(&step, now, now, v, err, false, false)
	if _, wait := s.Complete(&step, out, now); !wait {
		t.Fatal("a is not retried")
	}
	if _, ok := s.Carry(keep); ok {
		t.Error("carried over with a back-off pending")
	}
	s.Wake(step.Index, now.Add(time.Second))
	var kept []string
	c, ok := s.Carry(func(ns NodeState, _ bool) {
		kept = append(kept, fmt.Sprintf("%s %s a%d", ns.Result.ID, ns.Result.Status, ns.Result.Attempts))
	})
	if !ok {
		t.Fatal("not carried over once the back-off ended")
	}
	if d := cmp.Diff([]string{"a pending a1"}, kept); d != "" || !c.Started.Equal(now) {
		t.Errorf("carried %v (started %s) (-want +got):\n%s", kept, c.Started, d)
	}
	if strings.Contains(fmt.Sprint(kept), "succeeded") {
		t.Error("a succeeded before its second attempt")
	}
}
