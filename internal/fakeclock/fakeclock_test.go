package fakeclock

import (
	"context"
	"testing"
	"time"
)

func TestTimers(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	c := New(t0)
	a, _ := c.NewTimer(time.Minute)
	b, stopB := c.NewTimer(2 * time.Minute)
	now, _ := c.NewTimer(0)
	if got := <-now; !got.Equal(t0) {
		t.Errorf("timer of 0 fired at %s", got)
	}
	if ts := c.Timers(); len(ts) != 2 || !ts[0].Equal(t0.Add(time.Minute)) {
		t.Errorf("Timers = %v", ts)
	}

	c.Advance(59 * time.Second)
	select {
	case <-a:
		t.Fatal("fired early")
	default:
	}
	c.Advance(time.Second)
	if got := <-a; !got.Equal(t0.Add(time.Minute)) {
		t.Errorf("fired at %s", got)
	}
	if !stopB() || stopB() {
		t.Error("Stop: want true once, then false")
	}
	c.Advance(time.Hour)
	select {
	case <-b:
		t.Fatal("a stopped timer fired")
	default:
	}
	c.Set(t0) // never backwards
	if !c.Now().Equal(t0.Add(time.Hour + time.Minute)) {
		t.Errorf("Now = %s", c.Now())
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if c.WaitFor(ctx, func(ts []time.Time) bool { return len(ts) > 0 }) {
		t.Error("WaitFor held with no timers")
	}
	go c.NewTimer(time.Second)
	if !c.WaitFor(context.Background(), func(ts []time.Time) bool { return len(ts) == 1 }) {
		t.Error("WaitFor did not see the new timer")
	}
}
