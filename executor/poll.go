package executor

import (
	"fmt"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/pipes"
)

// Sensors. A task whose condition does not hold yet returns a
// pipes.NotYetError: that poll is not a failed attempt. The attempt goes on
// across polls: it started with the first poll (one EventAttemptStarted),
// and it ends (one EventAttemptFinished) when a poll's condition holds, the
// task fails, or the deadline passes. Between two polls the node gives its
// slots back (parallelism and pool) and waits like a retry's back-off (the
// driver wakes it with Wake after the delay Complete returns), without
// EventRetrying: views, logs and metrics see one attempt, however many polls
// it took. Every decision is taken here, with the times the driver gives, so
// that every engine polls the same way.

// Polling reports whether the step is a poll of an attempt that goes on (a
// sensor whose condition did not hold at an earlier poll): it is no attempt
// of its own. Its driver may call it without serialising it with other calls.
func (step *Step) Polling() bool { return !step.pollSince.IsZero() }

// pollSince is when the attempt of sensor i, between two polls, started;
// zero for any other node.
func (s *Sched) pollSince(i int32) time.Time {
	if len(s.polls) == 0 {
		return time.Time{} // no sensor waits: most runs
	}
	return s.polls[i]
}

// notYet classifies the end of a poll whose condition does not hold yet:
// OutcomePoll, with no event. It reports false for any other end.
func notYet(start time.Time, output cty.Value, err error, timedOut, runStopped bool, out *Outcome) bool {
	if err == nil || timedOut || runStopped {
		return false
	}
	if _, ok := pipes.AsNotYet(err); !ok {
		return false
	}
	*out = Outcome{Kind: OutcomePoll, Output: output, Err: err, Started: start}
	return true
}

// poll decides what comes after a poll whose condition did not hold (out,
// at now): another poll after the interval, or, once the deadline since the
// first poll has passed, the end of the attempt: failed for good, or skipped
// (reason self) when the sensor skips at its deadline.
func (s *Sched) poll(st *nodeState, out *Outcome, now time.Time) (time.Duration, bool) {
	ny, _ := pipes.AsNotYet(out.Err)
	since := s.pollSince(st.index)
	if since.IsZero() {
		since = out.Started
	}
	res := st.res
	if end := since.Add(ny.Deadline); now.Before(end) && !s.stopping {
		if s.polls == nil {
			s.polls = map[int32]time.Time{}
		}
		s.polls[st.index] = since
		res.Output = out.Output
		if s.backoff == nil {
			s.backoff = map[int32]struct{}{}
		}
		s.backoff[st.index] = struct{}{}
		return min(ny.Interval, end.Sub(now)), true
	}
	delete(s.polls, st.index)
	var err error
	switch {
	case s.stopping:
		err = out.Err // still waiting when the run stopped
	case ny.SkipAtDeadline:
		err = fmt.Errorf("deadline %s passed %s", ny.Deadline, out.Err)
	default:
		err = pipes.Permanent(fmt.Errorf("deadline %s passed %w", ny.Deadline, out.Err))
	}
	ar := AttemptError
	if ny.SkipAtDeadline && !s.stopping {
		ar = AttemptOK // the pipe skips itself: the attempt did its work
	}
	if s.want.Has(EventAttemptFinished) {
		s.obs.Event(Event{Type: EventAttemptFinished, Time: now, Node: st.id(), Index: int(st.index), Pipe: st.pipe(), Key: st.key(),
			Attempt: res.Attempts, MaxAttempts: st.node.Retry.Attempts(), AttemptResult: ar, Duration: now.Sub(since), Err: errIf(ar != AttemptOK, err)})
	}
	switch {
	case s.stopping:
		s.finish(st, StatusCancelled, s.stopReason, err, out.Output)
	case ny.SkipAtDeadline:
		s.finish(st, StatusSkipped, ReasonSelf, nil, out.Output) // as any pipe that skips itself
	default:
		s.fail(st, err, out.Output)
	}
	return 0, false
}

// errIf is err when cond holds, else nil.
func errIf(cond bool, err error) error {
	if cond {
		return err
	}
	return nil
}
