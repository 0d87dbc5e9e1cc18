package dagrun_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/internal/fakeclock"
)

// afterClock gives a fakeclock.Clock the AfterFunc of a run's Clock.
type afterClock struct{ *fakeclock.Clock }

type afterTimer struct {
	stop func() bool
	done chan struct{}
}

func (c afterClock) AfterFunc(d time.Duration, f func()) executor.Timer {
	ch, stop := c.NewTimer(d)
	t := &afterTimer{stop: stop, done: make(chan struct{})}
	go func() {
		select {
		case <-ch:
			f()
		case <-t.done:
		}
	}()
	return t
}

func (t *afterTimer) Stop() bool {
	if !t.stop() {
		return false
	}
	close(t.done)
	return true
}

// countEvents counts the events of a run by type, for one pipe.
type countEvents struct {
	mu    sync.Mutex
	pipe  string
	count map[executor.EventType]int
}

func (c *countEvents) Event(e executor.Event) {
	if e.Node != c.pipe {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.count[e.Type]++
}

// A wait pipe with the default interval polls every 10 seconds of the run's
// clock (here a fake one) until its file appears: then it succeeds after one
// attempt, with no failed attempt and no retry, and its dependent runs.
func TestWaitPipeOnFakeClock(t *testing.T) {
	dir := t.TempDir()
	src := `
pipe "ready" {
  use  = "wait"
  path = "flag"
}
pipe "after" {
  use   = "value"
  value = pipe.ready.output.polled
}
`
	if err := os.WriteFile(filepath.Join(dir, "p.hcl"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := dagrun.Load(filepath.Join(dir, "p.hcl"), dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clk := fakeclock.New(t0)
	events := &countEvents{pipe: "ready", count: map[executor.EventType]int{}}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	done := make(chan *dagrun.Result, 1)
	go func() {
		res, err := p.Run(ctx, dagrun.RunOptions{Clock: afterClock{clk}, Observer: events})
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	// Three polls find no file, each followed by a 10s wait; the file
	// appears before the fourth.
	for poll := 1; poll <= 3; poll++ {
		want := t0.Add(time.Duration(poll) * 10 * time.Second)
		if !clk.WaitFor(ctx, func(timers []time.Time) bool { return len(timers) == 1 && timers[0].Equal(want) }) {
			t.Fatalf("no poll timer for %s after poll %d: %v", want, poll, clk.Timers())
		}
		if poll == 3 {
			if err := os.WriteFile(filepath.Join(dir, "flag"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		clk.Set(want)
	}
	res := <-done
	r, ok := res.Pipe("ready")
	if !ok || r.Status != executor.StatusSucceeded || r.Attempts != 1 || r.Duration != 30*time.Second {
		t.Fatalf("ready: %+v; want succeeded after 1 attempt of 30s", r)
	}
	if a, _ := res.Pipe("after"); a.Status != executor.StatusSucceeded || a.Output.AsString() != "path" {
		t.Errorf("after: %+v", a)
	}
	events.mu.Lock()
	defer events.mu.Unlock()
	for typ, n := range map[executor.EventType]int{executor.EventAttemptStarted: 1, executor.EventAttemptFinished: 1, executor.EventRetrying: 0} {
		if events.count[typ] != n {
			t.Errorf("%s events of ready: %d, want %d", typ, events.count[typ], n)
		}
	}
}
