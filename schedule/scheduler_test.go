package schedule_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // zone tests must not depend on the machine's zoneinfo

	"github.com/google/go-cmp/cmp"
	"go.uber.org/goleak"

	"github.com/dagrun/dagrun/internal/fakeclock"
	"github.com/dagrun/dagrun/schedule"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// t0 is a Wednesday, 12:07 UTC.
var t0 = time.Date(2024, 5, 1, 12, 7, 0, 0, time.UTC)

// wait bounds every wait of these tests; it is a deadline for a hung test, not
// a timing assertion.
const wait = 10 * time.Second

// harness runs a scheduler on a manual clock. Runs block until the test
// releases them (or their context ends); events and run starts go to channels.
type harness struct {
	t       *testing.T
	clock   *fakeclock.Clock
	s       *schedule.Scheduler
	events  chan schedule.Event
	started chan schedule.Run

	mu       sync.Mutex
	release  map[string]chan struct{}
	canceled map[string]bool
	ids      int
}

func newHarness(t *testing.T, jobs ...schedule.Job) *harness {
	t.Helper()
	h := &harness{
		t:        t,
		clock:    fakeclock.New(t0),
		events:   make(chan schedule.Event, 100),
		started:  make(chan schedule.Run, 100),
		release:  map[string]chan struct{}{},
		canceled: map[string]bool{},
	}
	s, err := schedule.New(jobs, schedule.Options{
		Clock: h.clock,
		Run:   h.run,
		Observer: schedule.ObserverFunc(func(e schedule.Event) {
			if e.Type != schedule.EventNextRun && e.Type != schedule.EventStarted {
				h.events <- e
			}
		}),
		NewID: func(job string, _ time.Time) string {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.ids++
			return fmt.Sprintf("%s-%d", job, h.ids)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.s = s
	t.Cleanup(func() {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // whatever still runs is cancelled
		_ = s.Shutdown(ctx)
	})
	return h
}

func (h *harness) releaseFor(id string) chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	c, ok := h.release[id]
	if !ok {
		c = make(chan struct{})
		h.release[id] = c
	}
	return c
}

func (h *harness) run(ctx context.Context, r schedule.Run) {
	h.started <- r
	select {
	case <-h.releaseFor(r.ID):
	case <-ctx.Done():
		h.mu.Lock()
		h.canceled[r.ID] = true
		h.mu.Unlock()
	}
}

// finish lets run id end.
func (h *harness) finish(id string) { close(h.releaseFor(id)) }

// armed waits until a schedule waits for a timer at exactly when: the
// scheduler will fire then, not before.
func (h *harness) armed(when time.Time) {
	h.t.Helper()
	h.armedN(when, 1)
}

// armedN waits until n timers wait for exactly when. A schedule computes its
// timer from the clock's time, so moving the clock before every schedule due
// then has armed would push the late one's timer past when.
func (h *harness) armedN(when time.Time, n int) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	due := func(ts []time.Time) bool {
		k := 0
		for _, t := range ts {
			if t.Equal(when) {
				k++
			}
		}
		return k >= n
	}
	if !h.clock.WaitFor(ctx, due) {
		h.t.Fatalf("fewer than %d timers at %s; timers: %v", n, when, h.clock.Timers())
	}
}

// advanceTo moves the clock to when, once a timer waits for it.
func (h *harness) advanceTo(when time.Time) { h.advanceToN(when, 1) }

// advanceToN moves the clock to when, once n timers wait for it.
func (h *harness) advanceToN(when time.Time, n int) {
	h.t.Helper()
	h.armedN(when, n)
	h.clock.Set(when)
}

// idle waits until no run of job is going.
func (h *harness) idle(job string) {
	h.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		st, _ := h.s.Job(job)
		if len(st.Running) == 0 {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%s still runs %v", job, st.Running)
		}
		time.Sleep(time.Millisecond)
	}
}

func (h *harness) event() schedule.Event {
	h.t.Helper()
	select {
	case e := <-h.events:
		return e
	case <-time.After(wait):
		h.t.Fatal("no event")
		return schedule.Event{}
	}
}

func (h *harness) tick() schedule.Event {
	h.t.Helper()
	for {
		if e := h.event(); e.Type == schedule.EventTick {
			return e
		}
	}
}

func (h *harness) runStarted() schedule.Run {
	h.t.Helper()
	select {
	case r := <-h.started:
		return r
	case <-time.After(wait):
		h.t.Fatal("no run started")
		return schedule.Run{}
	}
}

type tickSummary struct {
	Schedule string
	Time     time.Time
	Result   schedule.Result
	Run      string
}

func summary(e schedule.Event) tickSummary {
	return tickSummary{e.Schedule, e.Time, e.Result, e.Run.ID}
}

func TestEveryFiresAtWholeIntervalsFromStart(t *testing.T) {
	h := newHarness(t, schedule.Job{Name: "p", Schedules: []schedule.Spec{{Name: "five", Every: 5 * time.Minute, Overlap: schedule.Allow}}})
	h.s.Start()

	var got []tickSummary
	for i := 1; i <= 3; i++ {
		h.advanceTo(t0.Add(time.Duration(i) * 5 * time.Minute))
		got = append(got, summary(h.tick()))
		h.finish(h.runStarted().ID)
	}
	want := []tickSummary{
		{"five", t0.Add(5 * time.Minute), schedule.Started, "p-1"},
		{"five", t0.Add(10 * time.Minute), schedule.Started, "p-2"},
		{"five", t0.Add(15 * time.Minute), schedule.Started, "p-3"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ticks (-want +got):\n%s", diff)
	}

	// The process was suspended past two ticks: it fires once, late, and
	// keeps to the grid of the start time.
	h.armed(t0.Add(20 * time.Minute))
	h.clock.Set(t0.Add(31 * time.Minute))
	if e := h.tick(); !e.Time.Equal(t0.Add(20 * time.Minute)) {
		t.Errorf("late tick at %s; want the missed 12:27 one", e.Time)
	}
	h.finish(h.runStarted().ID)
	h.armed(t0.Add(35 * time.Minute))
	if st, _ := h.s.Job("p"); !st.Schedules[0].Next.Equal(t0.Add(35 * time.Minute)) {
		t.Errorf("next = %s; want 12:42", st.Schedules[0].Next)
	}
}

func TestCronFiresAtMatchingTimes(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, schedule.Job{Name: "p", Schedules: []schedule.Spec{
		{Name: "quarter", Cron: "*/15 * * * *", Overlap: schedule.Allow},
		{Name: "berlin", Cron: "30 14 * * *", Location: berlin, Overlap: schedule.Allow},
		{Name: "hourly", Cron: "@hourly", Overlap: schedule.Allow},
	}})
	h.s.Start()

	// In May, Berlin is UTC+2: 14:30 there is 12:30 UTC.
	fires := []time.Time{
		time.Date(2024, 5, 1, 12, 15, 0, 0, time.UTC),
		time.Date(2024, 5, 1, 12, 30, 0, 0, time.UTC),
		time.Date(2024, 5, 1, 12, 45, 0, 0, time.UTC),
		time.Date(2024, 5, 1, 13, 0, 0, 0, time.UTC),
	}
	var got []tickSummary
	for _, at := range fires {
		n := 1
		if at.Minute() == 30 || at.Minute() == 0 {
			n = 2 // two schedules fire at once
		}
		h.advanceToN(at, n)
		for range n {
			got = append(got, summary(h.tick()))
			h.finish(h.runStarted().ID)
		}
	}
	slices.SortStableFunc(got, func(a, b tickSummary) int { return a.Time.Compare(b.Time) })
	var names []string
	for _, g := range got {
		names = append(names, g.Time.Format("15:04")+" "+g.Schedule)
	}
	slices.Sort(names)
	want := []string{"12:15 quarter", "12:30 berlin", "12:30 quarter", "12:45 quarter", "13:00 hourly", "13:00 quarter"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("ticks (-want +got):\n%s", diff)
	}
	// The next Berlin run is tomorrow at 14:30 Berlin time.
	st, _ := h.s.Job("p")
	if next := st.Schedules[1].Next; !next.Equal(time.Date(2024, 5, 2, 12, 30, 0, 0, time.UTC)) {
		t.Errorf("berlin next = %s; want 2024-05-02 14:30 CEST", next.In(berlin))
	}
}

func TestOverlapSkip(t *testing.T) {
	h := newHarness(t, schedule.Job{Name: "p", Schedules: []schedule.Spec{{Name: "s", Every: time.Minute}}})
	h.s.Start()

	h.advanceTo(t0.Add(time.Minute))
	first := h.tick()
	r := h.runStarted()
	h.advanceTo(t0.Add(2 * time.Minute))
	skipped := h.tick()
	h.finish(r.ID)
	h.idle("p")
	h.advanceTo(t0.Add(3 * time.Minute))
	again := h.tick()
	h.finish(h.runStarted().ID)

	want := []tickSummary{
		{"s", t0.Add(time.Minute), schedule.Started, "p-1"},
		{"s", t0.Add(2 * time.Minute), schedule.SkippedOverlap, ""},
		{"s", t0.Add(3 * time.Minute), schedule.Started, "p-2"},
	}
	if diff := cmp.Diff(want, []tickSummary{summary(first), summary(skipped), summary(again)}); diff != "" {
		t.Errorf("ticks (-want +got):\n%s", diff)
	}
}

func TestOverlapQueue(t *testing.T) {
	h := newHarness(t, schedule.Job{Name: "p", Schedules: []schedule.Spec{{Name: "s", Every: time.Minute, Overlap: schedule.Queue}}})
	h.s.Start()

	h.advanceTo(t0.Add(time.Minute))
	first := h.tick()
	r1 := h.runStarted()
	h.advanceTo(t0.Add(2 * time.Minute))
	queued := h.tick()
	h.advanceTo(t0.Add(3 * time.Minute))
	third := h.tick() // one waits already: skipped

	st, _ := h.s.Job("p")
	if st.Queued == nil || st.Queued.ID != "p-2" || len(st.Running) != 1 {
		t.Fatalf("status %+v; want p-1 running, p-2 queued", st)
	}
	select {
	case r := <-h.started:
		t.Fatalf("%s started while p-1 runs", r.ID)
	default:
	}

	h.finish(r1.ID)
	r2 := h.runStarted()
	if r2.ID != "p-2" || !r2.Time.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("after p-1: started %+v; want the queued p-2, due 12:09", r2)
	}
	h.finish(r2.ID)

	want := []tickSummary{
		{"s", t0.Add(time.Minute), schedule.Started, "p-1"},
		{"s", t0.Add(2 * time.Minute), schedule.Queued, "p-2"},
		{"s", t0.Add(3 * time.Minute), schedule.SkippedOverlap, ""},
	}
	if diff := cmp.Diff(want, []tickSummary{summary(first), summary(queued), summary(third)}); diff != "" {
		t.Errorf("ticks (-want +got):\n%s", diff)
	}
}

func TestOverlapAllow(t *testing.T) {
	h := newHarness(t, schedule.Job{Name: "p", Schedules: []schedule.Spec{{Name: "s", Every: time.Minute, Overlap: schedule.Allow}}})
	h.s.Start()

	var runs []schedule.Run
	for i := 1; i <= 3; i++ {
		h.advanceTo(t0.Add(time.Duration(i) * time.Minute))
		if e := h.tick(); e.Result != schedule.Started {
			t.Errorf("tick %d: %s; want started", i, e.Result)
		}
		runs = append(runs, h.runStarted())
	}
	if st, _ := h.s.Job("p"); len(st.Running) != 3 {
		t.Errorf("%d running; want 3 side by side", len(st.Running))
	}
	for _, r := range runs {
		h.finish(r.ID)
	}
}

func TestTrigger(t *testing.T) {
	h := newHarness(t,
		schedule.Job{Name: "skip"},
		schedule.Job{Name: "queue", Overlap: schedule.Queue},
		schedule.Job{Name: "allow", Overlap: schedule.Allow},
	)
	// No Start needed: on-demand runs do not wait for schedules.
	if _, _, err := h.s.Trigger("nope"); !errors.Is(err, schedule.ErrUnknownJob) {
		t.Errorf("unknown job: err = %v", err)
	}

	r, res, err := h.s.Trigger("skip")
	if err != nil || res != schedule.Started || r.ID == "" || !r.Time.Equal(t0) || r.Schedule != "" {
		t.Fatalf("Trigger(skip) = %+v, %s, %v", r, res, err)
	}
	h.runStarted()
	_, _, err = h.s.Trigger("skip")
	var oe *schedule.OverlapError
	if !errors.As(err, &oe) || !slices.Equal(oe.Running, []string{r.ID}) {
		t.Errorf("second Trigger(skip): err = %v; want an OverlapError naming %s", err, r.ID)
	}
	h.finish(r.ID)

	q1, _, _ := h.s.Trigger("queue")
	h.runStarted()
	q2, res, err := h.s.Trigger("queue")
	if err != nil || res != schedule.Queued {
		t.Errorf("second Trigger(queue) = %s, %v; want queued", res, err)
	}
	if _, _, err := h.s.Trigger("queue"); !errors.As(err, &oe) || oe.Queued != q2.ID {
		t.Errorf("third Trigger(queue): err = %v; want an OverlapError naming the waiting %s", err, q2.ID)
	}
	h.finish(q1.ID)
	if r := h.runStarted(); r.ID != q2.ID {
		t.Errorf("started %s; want %s", r.ID, q2.ID)
	}
	h.finish(q2.ID)

	a1, _, _ := h.s.Trigger("allow")
	a2, res, err := h.s.Trigger("allow")
	if err != nil || res != schedule.Started {
		t.Errorf("second Trigger(allow) = %s, %v", res, err)
	}
	h.runStarted()
	h.runStarted()
	h.finish(a1.ID)
	h.finish(a2.ID)

	if err := h.s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.s.Trigger("allow"); !errors.Is(err, schedule.ErrStopped) {
		t.Errorf("Trigger after Shutdown: err = %v; want ErrStopped", err)
	}
}

// Shutdown stops the schedules, drops what waits, lets running runs finish,
// and cancels the ones still going when its context ends.
func TestShutdownDrainsThenCancels(t *testing.T) {
	h := newHarness(t,
		schedule.Job{Name: "quick", Schedules: []schedule.Spec{{Name: "s", Every: time.Minute, Overlap: schedule.Queue}}},
		schedule.Job{Name: "slow"},
	)
	h.s.Start()
	h.advanceTo(t0.Add(time.Minute))
	h.tick()
	quick := h.runStarted()
	h.advanceTo(t0.Add(2 * time.Minute))
	if e := h.tick(); e.Result != schedule.Queued {
		t.Fatalf("second tick: %s; want queued behind %s", e.Result, quick.ID)
	}
	slow, _, _ := h.s.Trigger("slow")
	h.runStarted()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.s.Shutdown(ctx) }()

	// The schedule stops: no timer is left, the waiting run is dropped.
	dropped := false
	for !dropped {
		e := h.event()
		dropped = e.Type == schedule.EventDropped && e.Run.ID == "quick-2"
	}
	h.clock.WaitFor(context.Background(), func(ts []time.Time) bool { return len(ts) == 0 })
	h.finish(quick.ID) // drains
	// Until quick's run has returned, the cancel below could reach it first.
	h.idle("quick")

	select {
	case err := <-done:
		t.Fatalf("Shutdown returned %v while %s runs", err, slow.ID)
	default:
	}
	cancel() // the shutdown timeout
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Shutdown = %v; want the context's error", err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.canceled[quick.ID] || !h.canceled[slow.ID] {
		t.Errorf("cancelled runs: %v; want only %s", h.canceled, slow.ID)
	}
	select {
	case r := <-h.started:
		t.Errorf("%s started during shutdown", r.ID)
	default:
	}
}

func TestShutdownCleanDrain(t *testing.T) {
	h := newHarness(t, schedule.Job{Name: "p"})
	r, _, _ := h.s.Trigger("p")
	h.runStarted()
	done := make(chan error, 1)
	go func() { done <- h.s.Shutdown(context.Background()) }()
	h.finish(r.ID)
	if err := <-done; err != nil {
		t.Errorf("Shutdown = %v; want nil after a clean drain", err)
	}
}

func TestNewRejectsBadSpecs(t *testing.T) {
	run := func(context.Context, schedule.Run) {}
	tests := []struct {
		name string
		jobs []schedule.Job
	}{
		{"neither", []schedule.Job{{Name: "p", Schedules: []schedule.Spec{{Name: "s"}}}}},
		{"both", []schedule.Job{{Name: "p", Schedules: []schedule.Spec{{Name: "s", Every: time.Minute, Cron: "* * * * *"}}}}},
		{"bad cron", []schedule.Job{{Name: "p", Schedules: []schedule.Spec{{Name: "s", Cron: "* * *"}}}}},
		{"zone in cron", []schedule.Job{{Name: "p", Schedules: []schedule.Spec{{Name: "s", Cron: "CRON_TZ=UTC * * * * *"}}}}},
		{"negative", []schedule.Job{{Name: "p", Schedules: []schedule.Spec{{Name: "s", Every: -time.Second}}}}},
		{"duplicate schedule", []schedule.Job{{Name: "p", Schedules: []schedule.Spec{{Name: "s", Every: time.Minute}, {Name: "s", Every: time.Hour}}}}},
		{"duplicate job", []schedule.Job{{Name: "p"}, {Name: "p"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := schedule.New(tt.jobs, schedule.Options{Run: run}); err == nil {
				t.Error("New accepted it")
			}
		})
	}
}

func TestParseOverlap(t *testing.T) {
	for in, want := range map[string]schedule.Overlap{"": schedule.Skip, "skip": schedule.Skip, "queue": schedule.Queue, "allow": schedule.Allow} {
		if got, err := schedule.ParseOverlap(in); err != nil || got != want {
			t.Errorf("ParseOverlap(%q) = %v, %v", in, got, err)
		}
		if in != "" && want.String() != in {
			t.Errorf("%v.String() = %q", want, want.String())
		}
	}
	if _, err := schedule.ParseOverlap("sometimes"); err == nil {
		t.Error("ParseOverlap(sometimes) accepted")
	}
}
