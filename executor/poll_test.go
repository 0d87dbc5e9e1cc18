package executor

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/pipes"
)

// eventLog records events for assertions.
type eventLog struct {
	mu     sync.Mutex
	events []Event
}

func (l *eventLog) Event(e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

// count returns how many events of type typ node had.
func (l *eventLog) count(node string, typ EventType) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, e := range l.events {
		if e.Node == node && e.Type == typ {
			n++
		}
	}
	return n
}

// sensor is a task that is not ready for its first n polls.
func sensor(n int64, calls *atomic.Int64, interval, deadline time.Duration, skip bool) Task {
	return func(context.Context, Input) (cty.Value, error) {
		if calls.Add(1) <= n {
			return cty.NilVal, pipes.NotYet("the file", interval, deadline, skip)
		}
		return cty.StringVal("there"), nil
	}
}

// A sensor polled three times before its condition holds is one attempt:
// one attempt_started, one attempt_finished (ok), no retrying, and it waits
// the interval between polls (the fake clock's timers).
func TestSensorPollsAreOneAttempt(t *testing.T) {
	clk := newFakeClock(true)
	var calls atomic.Int64
	log := &eventLog{}
	rep := mustRun(t, t.Context(), []Node{
		{ID: "s", Task: sensor(3, &calls, 10*time.Second, time.Hour, false), Retry: RetryPolicy{Retries: 2}},
		{ID: "after", Task: ok, Deps: []string{"s"}},
	}, Options{Clock: clk, Observer: log})
	want := map[string]summary{"s": {"succeeded", "", 1}, "after": {"succeeded", "", 1}}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := calls.Load(); got != 4 {
		t.Errorf("polls = %d, want 4", got)
	}
	if diff := cmp.Diff([]time.Duration{10 * time.Second, 10 * time.Second, 10 * time.Second}, clk.delays); diff != "" {
		t.Errorf("delays (-want +got):\n%s", diff)
	}
	for typ, n := range map[EventType]int{EventAttemptStarted: 1, EventAttemptFinished: 1, EventRetrying: 0} {
		if got := log.count("s", typ); got != n {
			t.Errorf("%s events: %d, want %d", typ, got, n)
		}
	}
	for _, e := range log.events {
		if e.Node == "s" && e.Type == EventAttemptFinished {
			if e.AttemptResult != AttemptOK || e.Err != nil || e.Duration != 30*time.Second {
				t.Errorf("attempt_finished: result %v, err %v, duration %s; want ok, none, 30s (from the first poll)", e.AttemptResult, e.Err, e.Duration)
			}
		}
	}
	if r, _ := rep.Result("s"); r.Output.AsString() != "there" {
		t.Errorf("output %#v", r.Output)
	}
}

// Past its deadline a sensor fails for good (no retry, whatever its
// retries), or skips itself; the last wait is cut to the deadline.
func TestSensorDeadline(t *testing.T) {
	for _, tc := range []struct {
		skip bool
		want map[string]summary
	}{
		{false, map[string]summary{"s": {"failed", "", 1}, "after": {"skipped", ReasonUpstreamFailed, 0}}},
		{true, map[string]summary{"s": {"skipped", ReasonSelf, 1}, "after": {"skipped", ReasonUpstreamSkipped, 0}}},
	} {
		t.Run(map[bool]string{false: "fail", true: "skip"}[tc.skip], func(t *testing.T) {
			clk := newFakeClock(true)
			var calls atomic.Int64
			log := &eventLog{}
			rep := mustRun(t, t.Context(), []Node{
				{ID: "s", Task: sensor(1000, &calls, 20*time.Second, 50*time.Second, tc.skip), Retry: RetryPolicy{Retries: 3}},
				{ID: "after", Task: ok, Deps: []string{"s"}},
			}, Options{Clock: clk, Observer: log})
			if diff := cmp.Diff(tc.want, summarize(rep)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			// Polls at 0s, 20s, 40s and 50s (the deadline).
			if diff := cmp.Diff([]time.Duration{20 * time.Second, 20 * time.Second, 10 * time.Second}, clk.delays); diff != "" {
				t.Errorf("delays (-want +got):\n%s", diff)
			}
			if got := calls.Load(); got != 4 {
				t.Errorf("polls = %d, want 4", got)
			}
			r, _ := rep.Result("s")
			if !tc.skip {
				var ny *pipes.NotYetError
				if !pipes.IsPermanent(r.Err) || !errors.As(r.Err, &ny) {
					t.Errorf("err %v: want a permanent error of the deadline", r.Err)
				}
			}
			if got := log.count("s", EventRetrying); got != 0 {
				t.Errorf("retrying events: %d, want 0", got)
			}
		})
	}
}

// Between two polls a sensor holds no slot: at parallelism 1, another pipe
// runs while the sensor waits, and the sensor's next poll comes after it.
func TestSensorWaitHoldsNoSlot(t *testing.T) {
	clk := newFakeClock(false)
	var mu sync.Mutex
	var order []string
	rec := func(s string) {
		mu.Lock()
		order = append(order, s)
		mu.Unlock()
	}
	var calls atomic.Int64
	s := func(context.Context, Input) (cty.Value, error) {
		n := calls.Add(1)
		rec("poll")
		if n == 1 {
			return cty.NilVal, pipes.NotYet("x", time.Minute, time.Hour, false)
		}
		return cty.NilVal, nil
	}
	other := func(context.Context, Input) (cty.Value, error) {
		rec("other")
		if clk.pendingCount() != 1 {
			t.Errorf("other ran without the sensor's poll timer pending")
		}
		clk.fire()
		return cty.NilVal, nil
	}
	rep := mustRun(t, t.Context(), []Node{{ID: "s", Task: s}, {ID: "other", Task: other}}, Options{Parallelism: 1, Clock: clk})
	if rep.Status != StatusSucceeded {
		t.Fatalf("status %v", rep.Status)
	}
	if diff := cmp.Diff([]string{"poll", "other", "poll"}, order); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// A run cancelled while a sensor waits between polls ends the sensor
// cancelled at once.
func TestSensorCancelledWhileWaiting(t *testing.T) {
	clk := newFakeClock(false)
	ctx, cancel := context.WithCancel(t.Context())
	s := func(context.Context, Input) (cty.Value, error) {
		return cty.NilVal, pipes.NotYet("x", time.Minute, time.Hour, false)
	}
	g, err := NewGraph([]Node{{ID: "s", Task: s}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *Report)
	go func() {
		rep, _ := Run(ctx, g, Options{Clock: clk})
		done <- rep
	}()
	for clk.pendingCount() == 0 {
		time.Sleep(time.Millisecond) // polling for the sensor's timer
	}
	cancel()
	rep := <-done
	want := map[string]summary{"s": {"cancelled", ReasonRunCancelled, 1}}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Between two polls a sensor holds no slot of its pool either.
func TestSensorWaitHoldsNoPoolSlot(t *testing.T) {
	clk := newFakeClock(false)
	var calls atomic.Int64
	var otherRan atomic.Bool
	s := func(context.Context, Input) (cty.Value, error) {
		if calls.Add(1) == 1 {
			return cty.NilVal, pipes.NotYet("x", time.Minute, time.Hour, false)
		}
		if !otherRan.Load() {
			t.Errorf("the sensor's second poll came before the other pipe of its pool ran")
		}
		return cty.NilVal, nil
	}
	other := func(context.Context, Input) (cty.Value, error) {
		otherRan.Store(true)
		clk.fire()
		return cty.NilVal, nil
	}
	rep := mustRun(t, t.Context(), []Node{{ID: "s", Task: s, Pool: "one"}, {ID: "other", Task: other, Pool: "one"}},
		Options{Pools: map[string]int{"one": 1}, Clock: clk})
	want := map[string]summary{"s": {"succeeded", "", 1}, "other": {"succeeded", "", 1}}
	if diff := cmp.Diff(want, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A sensor whose poll fails (not a condition that does not hold) ends its
// attempt as a failure: retried as a new attempt, whose first poll starts
// the deadline again.
func TestSensorFailedPollIsRetried(t *testing.T) {
	clk := newFakeClock(true)
	var calls atomic.Int64
	log := &eventLog{}
	s := func(context.Context, Input) (cty.Value, error) {
		switch calls.Add(1) {
		case 1:
			return cty.NilVal, pipes.NotYet("x", time.Second, time.Hour, false)
		case 2:
			return cty.NilVal, errBoom
		}
		return cty.NilVal, nil
	}
	rep := mustRun(t, t.Context(), []Node{{ID: "s", Task: s, Retry: RetryPolicy{Retries: 1, Delay: 5 * time.Second}}}, Options{Clock: clk, Observer: log})
	if diff := cmp.Diff(map[string]summary{"s": {"succeeded", "", 2}}, summarize(rep)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for typ, n := range map[EventType]int{EventAttemptStarted: 2, EventAttemptFinished: 2, EventRetrying: 1} {
		if got := log.count("s", typ); got != n {
			t.Errorf("%s events: %d, want %d", typ, got, n)
		}
	}
	if diff := cmp.Diff([]time.Duration{time.Second, 5 * time.Second}, clk.delays); diff != "" {
		t.Errorf("delays (-want +got):\n%s", diff)
	}
}
