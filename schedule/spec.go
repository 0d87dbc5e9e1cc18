// Package schedule starts runs of jobs on schedules — fixed intervals or cron
// expressions — and on demand, with a policy for what happens when a run is
// due while an earlier one is still going (skip, queue, allow). It is the
// orchestrator loop of `dagrun serve`, with nothing of HCL or pipelines in it:
// a job is a name, plain schedule specs and a function that runs it. Time
// comes from an injected Clock, so tests move it by hand.
package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Overlap says what a tick (or an on-demand trigger) does while a run of its
// job is still going.
type Overlap uint8

// Overlap policies.
const (
	// Skip starts nothing: the tick is counted as skipped (the seed system's
	// max_instances=1 with coalescing).
	Skip Overlap = iota
	// Queue starts the run once no run of the job is going; at most one run
	// waits, further ticks are skipped while it does.
	Queue
	// Allow starts the run at once, beside the running ones.
	Allow
)

var overlapNames = [...]string{"skip", "queue", "allow"}

func (o Overlap) String() string {
	if int(o) < len(overlapNames) {
		return overlapNames[o]
	}
	return fmt.Sprintf("overlap(%d)", o)
}

// ParseOverlap reads "skip", "queue" or "allow"; "" is Skip, the default.
func ParseOverlap(s string) (Overlap, error) {
	if s == "" {
		return Skip, nil
	}
	for i, n := range overlapNames {
		if n == s {
			return Overlap(i), nil
		}
	}
	return Skip, fmt.Errorf("overlap %q: want skip, queue or allow", s)
}

// Spec is one schedule of a job. Exactly one of Every and Cron is set.
type Spec struct {
	Name string
	// Every fires at Every, 2×Every, ... after the scheduler starts.
	Every time.Duration
	// Cron is a standard 5-field cron expression (minute hour day-of-month
	// month day-of-week) or a descriptor such as "@daily", read in Location.
	Cron string
	// Location is the time zone of Cron; nil means UTC.
	Location *time.Location
	Overlap  Overlap
}

// timing computes fire times.
type timing interface {
	// next returns the first fire time strictly after t; the zero time when
	// there is none.
	next(t time.Time) time.Time
}

// compile checks a spec and returns its timing; every schedules count from
// anchor.
func compile(s Spec, anchor time.Time) (timing, error) {
	switch {
	case s.Name == "":
		return nil, errors.New("schedule without a name")
	case s.Every != 0 && s.Cron != "":
		return nil, fmt.Errorf("schedule %q: both every and cron", s.Name)
	case s.Every < 0:
		return nil, fmt.Errorf("schedule %q: negative interval %s", s.Name, s.Every)
	case s.Every > 0:
		return everyTiming{anchor: anchor, every: s.Every}, nil
	case s.Cron == "":
		return nil, fmt.Errorf("schedule %q: neither every nor cron", s.Name)
	}
	if t := strings.TrimSpace(s.Cron); strings.HasPrefix(t, "TZ=") || strings.HasPrefix(t, "CRON_TZ=") {
		return nil, fmt.Errorf("schedule %q: cron %q: give the time zone as Location", s.Name, s.Cron)
	}
	sched, err := cron.ParseStandard(s.Cron)
	if err != nil {
		return nil, fmt.Errorf("schedule %q: cron %q: %w", s.Name, s.Cron, err)
	}
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	return cronTiming{sched: sched, loc: loc}, nil
}

// everyTiming fires at anchor + k×every, k ≥ 1: fixed points, so a late tick
// does not push the following ones back.
type everyTiming struct {
	anchor time.Time
	every  time.Duration
}

func (e everyTiming) next(t time.Time) time.Time {
	if t.Before(e.anchor) {
		return e.anchor.Add(e.every)
	}
	k := t.Sub(e.anchor)/e.every + 1
	return e.anchor.Add(k * e.every)
}

// cronTiming asks robfig/cron for the next match in the schedule's zone; only
// its parser and its Next are used, never its runner, so that the injected
// clock decides when "now" is.
type cronTiming struct {
	sched cron.Schedule
	loc   *time.Location
}

func (c cronTiming) next(t time.Time) time.Time {
	n := c.sched.Next(t.In(c.loc))
	if n.IsZero() {
		return n
	}
	return n.In(t.Location())
}
