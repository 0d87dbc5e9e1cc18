// Package fakeclock is a manual clock for tests of code that waits on timers:
// time moves only when the test says so, and the test can see which timers are
// pending, so it knows when the code under test is waiting and for what.
package fakeclock

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Clock is a manual clock. Its zero value is not usable; use New.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*timer
	changed chan struct{} // closed and replaced whenever timers change
}

type timer struct {
	when time.Time
	ch   chan time.Time
}

// New returns a clock that reads now until advanced.
func New(now time.Time) *Clock {
	return &Clock{now: now, changed: make(chan struct{})}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer returns a channel that receives the clock's time once it has
// advanced by d (at once when d <= 0), and a function that stops the timer,
// reporting whether it did so before it fired.
func (c *Clock) NewTimer(d time.Duration) (<-chan time.Time, func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &timer{when: c.now.Add(d), ch: make(chan time.Time, 1)}
	if d <= 0 {
		t.ch <- c.now
		return t.ch, func() bool { return false }
	}
	c.timers = append(c.timers, t)
	c.notifyLocked()
	return t.ch, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		i := slices.Index(c.timers, t)
		if i < 0 {
			return false
		}
		c.timers = slices.Delete(c.timers, i, i+1)
		c.notifyLocked()
		return true
	}
}

func (c *Clock) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// Advance moves the clock forward by d and fires every timer that is due.
func (c *Clock) Advance(d time.Duration) {
	c.Set(c.Now().Add(d))
}

// Set moves the clock to t (never backwards) and fires every timer that is due.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t
	}
	kept := c.timers[:0]
	fired := false
	for _, tm := range c.timers {
		if tm.when.After(c.now) {
			kept = append(kept, tm)
			continue
		}
		tm.ch <- c.now
		fired = true
	}
	clear(c.timers[len(kept):])
	c.timers = kept
	if fired {
		c.notifyLocked()
	}
}

// Timers returns the times at which the pending timers fire, earliest first.
func (c *Clock) Timers() []time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]time.Time, len(c.timers))
	for i, t := range c.timers {
		out[i] = t.when
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// WaitFor waits until cond holds for the pending timers' fire times (see
// Timers), or ctx ends; it reports whether cond held.
func (c *Clock) WaitFor(ctx context.Context, cond func(timers []time.Time) bool) bool {
	for {
		c.mu.Lock()
		changed := c.changed
		c.mu.Unlock()
		if cond(c.Timers()) {
			return true
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return false
		}
	}
}
