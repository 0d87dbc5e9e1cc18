package schedule_test

import (
	"errors"
	"testing"

	"github.com/dagrun/dagrun/schedule"
)

// With MaxActive 2 and the queue policy, two runs run at once, two more wait
// (oldest first), a fifth is refused; as runs end, waiting ones start, and no
// more than two ever run.
func TestMaxActiveQueue(t *testing.T) {
	h := newHarness(t, schedule.Job{Name: "p", Overlap: schedule.Queue, MaxActive: 2})
	var results []schedule.Result
	for i := 0; i < 5; i++ {
		_, res, err := h.s.TriggerWith("p", i)
		var oe *schedule.OverlapError
		if err != nil && !errors.As(err, &oe) {
			t.Fatal(err)
		}
		results = append(results, res)
	}
	want := []schedule.Result{schedule.Started, schedule.Started, schedule.Queued, schedule.Queued, schedule.SkippedOverlap}
	for i := range want {
		if results[i] != want[i] {
			t.Fatalf("results = %v; want %v", results, want)
		}
	}
	first, second := h.runStarted(), h.runStarted()
	if first.Params == nil || second.Params == nil {
		t.Errorf("params of the started runs: %v, %v", first.Params, second.Params)
	}
	st, _ := h.s.Job("p")
	if len(st.Running) != 2 || len(st.Waiting) != 2 || st.Waiting[0].ID != "p-3" || st.Waiting[1].ID != "p-4" {
		t.Fatalf("status: running %v, waiting %v", st.Running, st.Waiting)
	}
	max := 0
	check := func() {
		st, _ := h.s.Job("p")
		if n := len(st.Running); n > max {
			max = n
		}
	}
	h.finish(first.ID)
	third := h.runStarted()
	check()
	if third.ID != "p-3" || third.Params != 2 {
		t.Errorf("third run %s with %v; want p-3 with 2", third.ID, third.Params)
	}
	h.finish(second.ID)
	fourth := h.runStarted()
	check()
	if fourth.ID != "p-4" {
		t.Errorf("fourth run %s; want p-4", fourth.ID)
	}
	h.finish(third.ID)
	h.finish(fourth.ID)
	h.idle("p")
	if max > 2 {
		t.Errorf("%d runs at once; want at most 2", max)
	}
}

// With MaxActive 3 and the skip policy, three run at once and the fourth is
// skipped: nothing waits.
func TestMaxActiveSkip(t *testing.T) {
	h := newHarness(t, schedule.Job{Name: "p", Overlap: schedule.Skip, MaxActive: 3})
	for i := 0; i < 3; i++ {
		if _, res, err := h.s.Trigger("p"); err != nil || res != schedule.Started {
			t.Fatalf("trigger %d: %v %v", i, res, err)
		}
	}
	if _, res, err := h.s.Trigger("p"); res != schedule.SkippedOverlap || err == nil {
		t.Fatalf("fourth trigger: %v %v; want skipped", res, err)
	}
	for i := 0; i < 3; i++ {
		h.finish(h.runStarted().ID)
	}
	h.idle("p")
}
