package rules

import (
	"testing"
	"time"
)

// Tally.Decide follows the truth table the reference prints, for every rule.
func TestTriggerTable(t *testing.T) {
	names := TriggerNames()
	for _, row := range TriggerTable() {
		if len(row.Want) != len(names) {
			t.Fatalf("%v: %d answers for %d rules", row.Upstreams, len(row.Want), len(names))
		}
		tally, pending, err := row.Tally()
		if err != nil {
			t.Fatal(err)
		}
		for i, name := range names {
			trigger, _ := ParseTrigger(name)
			decided, runs, reason := tally.Decide(trigger, pending)
			got := reason
			switch {
			case !decided:
				got = "waits"
			case runs:
				got = "runs"
			}
			if got != row.Want[i] {
				t.Errorf("%s with upstreams %v: %s, want %s", name, row.Upstreams, got, row.Want[i])
			}
			if !pending {
				if runs2, reason2 := tally.Holds(trigger); runs2 != runs || reason2 != reason {
					t.Errorf("%s with upstreams %v: Holds = %v %q, Decide = %v %q", name, row.Upstreams, runs2, reason2, runs, reason)
				}
			}
		}
	}
}

// A filtered instance does not count as an upstream at all.
func TestTallyLeavesFilteredOut(t *testing.T) {
	var tally Tally
	tally.Add(StatusSucceeded, "")
	tally.Add(StatusSkipped, ReasonFiltered)
	if tally != (Tally{N: 1, Succeeded: 1}) {
		t.Errorf("tally = %+v", tally)
	}
	if run, reason := tally.Holds(AllSuccess); !run {
		t.Errorf("all_success over a success and a filtered instance: skipped (%s)", reason)
	}
}

func TestParseTrigger(t *testing.T) {
	for _, name := range TriggerNames() {
		if tr, err := ParseTrigger(name); err != nil || tr.String() != name {
			t.Errorf("ParseTrigger(%q) = %v, %v", name, tr, err)
		}
	}
	if tr, err := ParseTrigger(""); err != nil || tr != AllSuccess {
		t.Errorf(`ParseTrigger("") = %v, %v`, tr, err)
	}
	if _, err := ParseTrigger("sometimes"); err == nil {
		t.Error("ParseTrigger accepted an unknown name")
	}
}

func TestAggregate(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	ok := func(id string, from, to int) Member {
		return Member{ID: id, Status: StatusSucceeded, Attempts: 1, Started: at(from), Finished: at(to)}
	}
	cases := []struct {
		name    string
		members []Member
		want    Group
	}{
		{"none", nil, Group{Status: StatusSucceeded}},
		{"filtered left out", []Member{ok("a", 0, 100), {ID: "b", Status: StatusSkipped, Reason: ReasonFiltered}},
			Group{Status: StatusSucceeded, Attempts: 1, Started: at(0), Finished: at(100), Duration: 100 * time.Millisecond, Total: 2, Succeeded: 1, Filtered: 1}},
		{"allowed failure counts as a success", []Member{{ID: "a", Status: StatusFailed, Allowed: true, Attempts: 2, Err: "boom"}, {ID: "b", Status: StatusSkipped, Reason: ReasonConditionFalse}},
			Group{Status: StatusSucceeded, Attempts: 2, Total: 2, Skipped: 1, Allowed: 1}},
		{"all filtered", []Member{{ID: "a", Status: StatusSkipped, Reason: ReasonFiltered}, {ID: "b", Status: StatusSkipped, Reason: ReasonFiltered}},
			Group{Status: StatusSkipped, Reason: ReasonAllFiltered, Total: 2, Filtered: 2}},
		{"filtered beside skipped", []Member{{ID: "a", Status: StatusSkipped, Reason: ReasonFiltered}, {ID: "b", Status: StatusSkipped, Reason: ReasonUpstreamSkipped}},
			Group{Status: StatusSkipped, Reason: ReasonUpstreamSkipped, Total: 2, Skipped: 1, Filtered: 1}},
		{"sequential", []Member{ok("a", 0, 300), ok("b", 300, 600)},
			Group{Status: StatusSucceeded, Attempts: 2, Started: at(0), Finished: at(600), Duration: 600 * time.Millisecond, Total: 2, Succeeded: 2}},
		{"parallel", []Member{ok("a", 0, 300), ok("b", 10, 200)},
			Group{Status: StatusSucceeded, Attempts: 2, Started: at(0), Finished: at(300), Duration: 300 * time.Millisecond, Total: 2, Succeeded: 2}},
		{"failed wins", []Member{
			{ID: "a", Status: StatusCancelled, Reason: ReasonRunCancelled},
			{ID: "b", Status: StatusFailed, Attempts: 3, Err: "boom", Started: at(0), Finished: at(5)},
			{ID: "c", Status: StatusFailed, Attempts: 1, Err: "second"},
		}, Group{Status: StatusFailed, Attempts: 4, Started: at(0), Finished: at(5), Duration: 5 * time.Millisecond,
			Err: "boom", ErrFrom: "b", Total: 3, Failed: 2, Cancelled: 1}},
		{"cancelled before succeeded", []Member{ok("a", 0, 1), {ID: "b", Status: StatusCancelled, Reason: ReasonFailFast}},
			Group{Status: StatusCancelled, Reason: ReasonFailFast, Attempts: 1, Started: at(0), Finished: at(1), Duration: time.Millisecond, Total: 2, Succeeded: 1, Cancelled: 1}},
		{"skipped with the first reason", []Member{
			{ID: "a", Status: StatusSkipped, Reason: ReasonUpstreamFailed},
			{ID: "b", Status: StatusSkipped, Reason: ReasonConditionFalse},
		}, Group{Status: StatusSkipped, Reason: ReasonUpstreamFailed, Total: 2, Skipped: 2}},
		{"a skip among successes", []Member{ok("a", 0, 1), {ID: "b", Status: StatusSkipped, Reason: ReasonConditionFalse}},
			Group{Status: StatusSucceeded, Attempts: 1, Started: at(0), Finished: at(1), Duration: time.Millisecond, Total: 2, Succeeded: 1, Skipped: 1}},
		{"reused members keep out of the span", []Member{
			{ID: "a", Status: StatusSucceeded, Attempts: 1, Started: at(-5000), Finished: at(-4000), Reused: true},
			ok("b", 0, 10),
		}, Group{Status: StatusSucceeded, Attempts: 2, Started: at(0), Finished: at(10), Duration: 10 * time.Millisecond, Total: 2, Succeeded: 2}},
		{"all reused", []Member{
			{ID: "a", Status: StatusSucceeded, Attempts: 1, Started: at(0), Finished: at(7), Reused: true},
		}, Group{Status: StatusSucceeded, Attempts: 1, Started: at(0), Finished: at(7), Duration: 7 * time.Millisecond, Total: 1, Succeeded: 1, Reused: true}},
	}
	for _, c := range cases {
		got := Aggregate(len(c.members), func(i int) Member { return c.members[i] })
		if got != c.want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}

func TestDelayBefore(t *testing.T) {
	p := RetryPolicy{Retries: 5, Delay: 100 * time.Millisecond, Backoff: 2, MaxDelay: 300 * time.Millisecond}
	want := []time.Duration{100, 200, 300, 300}
	for n, w := range want {
		if got := p.DelayBefore(n+1, 0.5); got != w*time.Millisecond {
			t.Errorf("DelayBefore(%d) = %s, want %s", n+1, got, w*time.Millisecond)
		}
	}
	// Explicit delays, the last repeating; Delay and Backoff unused; capped.
	d := RetryPolicy{Delay: time.Hour, Backoff: 3, MaxDelay: 50 * time.Second,
		Delays: []time.Duration{time.Second, 10 * time.Second, 100 * time.Second}}
	for n, w := range []time.Duration{time.Second, 10 * time.Second, 50 * time.Second, 50 * time.Second} {
		if got := d.DelayBefore(n+1, 0.5); got != w {
			t.Errorf("with Delays: DelayBefore(%d) = %s, want %s", n+1, got, w)
		}
	}
	j := RetryPolicy{Delay: time.Second, Jitter: 0.5}
	if lo, hi := j.DelayBefore(1, 0), j.DelayBefore(1, 0.999999); lo != 500*time.Millisecond || hi < 1499*time.Millisecond {
		t.Errorf("jitter range %s..%s, want 500ms..1.5s", lo, hi)
	}
}
