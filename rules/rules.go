// Package rules is the vocabulary of a run, defined once: the statuses a pipe
// ends in, why it was skipped or cancelled, the trigger rules that decide
// whether it runs, its retry policy, and how a group (a composite pipe, a
// for_each fan-out) sums up its members. The executor, the HCL language, the
// engines and every view import these names instead of spelling them again.
//
// It imports nothing of ours, holds no state, and reads no clock.
package rules

import (
	"fmt"
	"math"
	"time"
)

// Status is the state of a pipe (or of a whole run).
type Status uint8

// Statuses. A pipe starts Pending and ends in exactly one of the others.
const (
	StatusPending Status = iota
	StatusSucceeded
	StatusFailed
	StatusSkipped
	StatusCancelled
	// StatusUpToDate: the pipe was not run, as nothing it depends on changed
	// since its last successful run (its sources, its arguments, its
	// upstreams' outputs); that run's output is its output. It counts as a
	// success everywhere: trigger rules, groups, the run's status.
	StatusUpToDate
)

var statusNames = [...]string{"pending", "succeeded", "failed", "skipped", "cancelled", "up_to_date"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// Done reports whether s is a final status.
func (s Status) Done() bool { return s != StatusPending }

// Succeeded reports whether s counts as a success: succeeded, or up to date
// (its output is that of an earlier success).
func (s Status) Succeeded() bool { return s == StatusSucceeded || s == StatusUpToDate }

// ParseStatus returns the status called name.
func ParseStatus(name string) (Status, bool) {
	for i, n := range statusNames {
		if n == name {
			return Status(i), true
		}
	}
	return 0, false
}

// Why a pipe was skipped or cancelled.
const (
	ReasonUpstreamFailed  = "upstream_failed"  // an upstream failed, was cancelled, or was skipped for a failure further up
	ReasonUpstreamSkipped = "upstream_skipped" // an upstream was skipped (all_success)
	ReasonConditionFalse  = "condition_false"  // the pipe's condition returned false
	ReasonFiltered        = "filtered"         // a for_each instance's own condition was false: it is left out
	ReasonSelf            = "self"             // the pipe skipped itself (an exit code of skip_exit_codes)
	ReasonAllFiltered     = "all_filtered"     // every instance of a for_each pipe was filtered
	ReasonTriggerNotMet   = "trigger_not_met"  // one_failed or all_failed did not hold
	ReasonRunCancelled    = "run_cancelled"    // the run's context ended
	ReasonFailFast        = "fail_fast"        // another pipe failed under fail-fast
	ReasonRunTimeout      = "run_timeout"      // the run's own timeout expired
)

// Trigger is a pipe's upstream rule: whether it runs, given its upstreams'
// outcomes. A rule is decided as soon as its outcome is certain, which for
// one_success and one_failed can be before every upstream is done (see
// Tally.Decide).
type Trigger uint8

// Trigger rules. The zero value is AllSuccess.
const (
	AllSuccess              Trigger = iota // every upstream succeeded
	AllDone                                // every upstream is done, whatever its outcome
	NoneFailed                             // no upstream failed (skipped is fine)
	OneFailed                              // at least one upstream failed
	OneSuccess                             // at least one upstream succeeded
	AllFailed                              // every upstream failed
	NoneFailedMinOneSuccess                // no upstream failed, and at least one succeeded
)

var triggerNames = [...]string{"all_success", "all_done", "none_failed", "one_failed", "one_success", "all_failed",
	"none_failed_min_one_success"}

func (t Trigger) String() string {
	if int(t) < len(triggerNames) {
		return triggerNames[t]
	}
	return fmt.Sprintf("trigger(%d)", t)
}

// Holds applies the rule to n upstreams that are all done, of which succeeded
// succeeded and failed failed (see Tally.Add for what counts as failed; the
// rest were skipped). It says whether the pipe runs and, if not, the skip
// reason. No upstreams: it runs.
func (t Trigger) Holds(n, succeeded, failed int) (bool, string) {
	_, run, reason := Tally{N: int32(n), Succeeded: int32(succeeded), Failed: int32(failed)}.Decide(t, false)
	return run, reason
}

// TriggerNames lists the valid trigger names in declaration order.
func TriggerNames() []string { return append([]string(nil), triggerNames[:]...) }

// ParseTrigger returns the trigger called name; "" is AllSuccess.
func ParseTrigger(name string) (Trigger, error) {
	if name == "" {
		return AllSuccess, nil
	}
	for i, n := range triggerNames {
		if n == name {
			return Trigger(i), nil
		}
	}
	return 0, fmt.Errorf("unknown trigger %q", name)
}

// Tally counts the outcomes of a pipe's upstreams that are done, for its
// trigger rule: N done, of which Succeeded succeeded and Failed failed; the
// rest were skipped.
type Tally struct{ N, Succeeded, Failed int32 }

// Add counts one upstream that ended with status s for reason. Succeeded
// counts a succeeded and an up-to-date upstream. Failed counts
// a failed and a cancelled upstream, and one skipped because of a failure
// further up (ReasonUpstreamFailed): a failure is carried through any
// number of hops. A filtered for_each instance is not counted at all: it is
// left out, as if its key were not in the collection.
func (t *Tally) Add(s Status, reason string) {
	if reason == ReasonFiltered {
		return
	}
	t.N++
	switch {
	case s.Succeeded():
		t.Succeeded++
	case s == StatusFailed, s == StatusCancelled, s == StatusSkipped && reason == ReasonUpstreamFailed:
		t.Failed++
	}
}

// Counted is the status a trigger rule and a group count for a pipe that
// ended with s: a failure the pipeline allows (allow_failure) counts as a
// success.
func Counted(s Status, allowed bool) Status {
	if allowed && s == StatusFailed {
		return StatusSucceeded
	}
	return s
}

// Merge adds the counts of u.
func (t *Tally) Merge(u Tally) {
	t.N += u.N
	t.Succeeded += u.Succeeded
	t.Failed += u.Failed
}

// Holds applies trigger to the tally of upstreams that are all done.
func (t Tally) Holds(trigger Trigger) (bool, string) {
	_, run, reason := t.Decide(trigger, false)
	return run, reason
}

// Decide applies trigger to the upstreams counted so far; pending says that
// some are not done yet. While the outcome is not certain, decided is false.
// Once it is, run says whether the pipe runs and reason, when it does not,
// why it is skipped:
//
//   - all_success: runs when all succeeded; skipped with upstream_failed as
//     soon as one failed, else, once all are done, with upstream_skipped if
//     one was skipped.
//   - all_done: runs once all are done.
//   - none_failed: skipped with upstream_failed as soon as one failed; runs
//     once all are done otherwise.
//   - none_failed_min_one_success: skipped with upstream_failed as soon as
//     one failed; once all are done, runs if one succeeded, else skipped with
//     upstream_skipped.
//   - one_success: runs as soon as one succeeded; once all are done without
//     one, skipped with upstream_failed if one failed, else upstream_skipped.
//   - one_failed: runs as soon as one failed; skipped with trigger_not_met
//     once all are done without one.
//   - all_failed: skipped with trigger_not_met as soon as one succeeded or
//     was skipped; runs when all failed.
//
// A pipe without upstreams runs.
func (t Tally) Decide(trigger Trigger, pending bool) (decided, run bool, reason string) {
	if t.N == 0 && !pending {
		return true, true, ""
	}
	failed, skipped := t.Failed > 0, t.N-t.Succeeded-t.Failed > 0
	switch trigger {
	case AllSuccess:
		switch {
		case failed:
			return true, false, ReasonUpstreamFailed
		case skipped && !pending:
			// Not before: a failure still to come would make it
			// upstream_failed, and the reason must not depend on timing.
			return true, false, ReasonUpstreamSkipped
		}
	case AllDone:
	case NoneFailed:
		if failed {
			return true, false, ReasonUpstreamFailed
		}
	case NoneFailedMinOneSuccess:
		switch {
		case failed:
			return true, false, ReasonUpstreamFailed
		case !pending && t.Succeeded == 0:
			return true, false, ReasonUpstreamSkipped
		}
	case OneSuccess:
		switch {
		case t.Succeeded > 0:
			return true, true, ""
		case pending:
		case failed:
			return true, false, ReasonUpstreamFailed
		default:
			return true, false, ReasonUpstreamSkipped
		}
	case OneFailed:
		switch {
		case failed:
			return true, true, ""
		case !pending:
			return true, false, ReasonTriggerNotMet
		}
	case AllFailed:
		if t.Failed < t.N {
			return true, false, ReasonTriggerNotMet
		}
	default:
		return true, false, ReasonTriggerNotMet
	}
	if pending {
		return false, false, ""
	}
	return true, true, ""
}

// RetryPolicy says how often and when a failed attempt is tried again.
type RetryPolicy struct {
	Retries  int           // extra attempts after the first; 0 = one attempt
	Delay    time.Duration // delay before the first retry
	Backoff  float64       // multiplier per retry; values below 1 mean 1 (constant)
	MaxDelay time.Duration // cap on any single delay; 0 = no cap
	Jitter   float64       // 0..1: the delay is moved by up to ±Jitter of itself
	// Delays, when not empty, are the delays before each retry, the last
	// repeating; Delay and Backoff are then not used (MaxDelay caps them,
	// Jitter moves them).
	Delays []time.Duration
}

// Attempts is the maximum number of attempts.
func (p RetryPolicy) Attempts() int { return p.Retries + 1 }

// DelayBefore returns the delay before retry n (n >= 1):
// min(Delay × Backoff^(n-1), MaxDelay), then ± Jitter. rnd is a number in [0, 1)
// (the random source for jitter; 0.5 means no jitter).
func (p RetryPolicy) DelayBefore(n int, rnd float64) time.Duration {
	if n < 1 {
		n = 1
	}
	var d float64
	if k := len(p.Delays); k > 0 {
		d = float64(p.Delays[min(n, k)-1])
	} else {
		b := p.Backoff
		if b < 1 {
			b = 1
		}
		d = float64(p.Delay) * math.Pow(b, float64(n-1))
	}
	if p.MaxDelay > 0 && d > float64(p.MaxDelay) {
		d = float64(p.MaxDelay)
	}
	if p.Jitter > 0 {
		j := math.Min(p.Jitter, 1)
		d *= 1 + j*(2*rnd-1)
	}
	if d > math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	if d < 0 {
		return 0
	}
	return time.Duration(d)
}

// AttemptResult classifies a finished attempt.
type AttemptResult uint8

// Attempt results (the `result` label of dagrun_pipe_attempts_total).
const (
	AttemptOK AttemptResult = iota
	AttemptError
	AttemptTimeout
)

var attemptResultNames = [...]string{"ok", "error", "timeout"}

func (r AttemptResult) String() string {
	if int(r) < len(attemptResultNames) {
		return attemptResultNames[r]
	}
	return fmt.Sprintf("attempt_result(%d)", r)
}

// ParseAttemptResult returns the attempt result called name.
func ParseAttemptResult(name string) (AttemptResult, bool) {
	for i, n := range attemptResultNames {
		if n == name {
			return AttemptResult(i), true
		}
	}
	return 0, false
}

// Member is what the aggregate of a group reads of one of its members.
type Member struct {
	ID       string
	Status   Status
	Reason   string
	Attempts int
	Err      string // "" when none
	Started  time.Time
	Finished time.Time
	Reused   bool
	// Allowed: a failure the pipeline allows; it counts as a success.
	Allowed bool
}

// Group is the aggregate of a group's members: the status, reason, attempts,
// duration and error a composite pipe or a for_each fan-out shows.
type Group struct {
	Status   Status
	Reason   string
	Attempts int
	Started  time.Time // the earliest start of a member; zero if none started
	Finished time.Time // the latest end of a member
	Duration time.Duration
	// Err is the first member error in member order, "" when none.
	Err string
	// ErrFrom is the id of the member Err comes from.
	ErrFrom string
	// Total, Failed, Succeeded, Skipped, Cancelled, Filtered, Allowed,
	// UpToDate count the members (a filtered member is not counted as
	// Skipped, an allowed failure not as Failed, an up-to-date member not as
	// Succeeded).
	Total, Failed, Succeeded, Skipped, Cancelled, Filtered, Allowed, UpToDate int
	// Reused: every member was taken from an earlier run (and there was one).
	Reused bool
}

// Aggregate sums up a group from its n members, in member order:
//
//   - status: failed if a member failed, else cancelled if one was cancelled,
//     else succeeded if one succeeded or there are none, else up_to_date if
//     one was up to date (every member that ran was), else skipped;
//     filtered members (ReasonFiltered) are left out, and a group whose
//     members were all filtered is skipped with ReasonAllFiltered;
//   - reason: the reason of the first member with that status (skipped or
//     cancelled);
//   - attempts: the sum over the members;
//   - duration: from the earliest start of a member to the latest end (so a
//     sequential group takes the sum of its members, a parallel one its
//     longest), over the members that ran (reused ones are left out unless
//     every member was reused); zero when none started;
//   - error: the first member error (an allowed failure's is left out:
//     it counts as a success);
//   - reused: every member was reused.
func Aggregate(n int, member func(i int) Member) Group {
	g := Group{Total: n, Reused: n > 0}
	var firstSkip, firstCancel string
	var reusedStart, reusedEnd time.Time
	for i := range n {
		m := member(i)
		g.Attempts += m.Attempts
		switch status := Counted(m.Status, m.Allowed); {
		case status != m.Status:
			g.Allowed++ // a failure the pipeline allows: a success for the group
		case m.Status == StatusFailed:
			g.Failed++
		case m.Status == StatusCancelled:
			if g.Cancelled == 0 {
				firstCancel = m.Reason
			}
			g.Cancelled++
		case m.Status == StatusSucceeded:
			g.Succeeded++
		case m.Status == StatusUpToDate:
			g.UpToDate++
		case m.Status == StatusSkipped:
			if m.Reason == ReasonFiltered {
				g.Filtered++
				break
			}
			if g.Skipped == 0 {
				firstSkip = m.Reason
			}
			g.Skipped++
		}
		if !m.Reused {
			g.Reused = false
		}
		if g.Err == "" && m.Err != "" && !m.Allowed {
			g.Err, g.ErrFrom = m.Err, m.ID
		}
		if !m.Reused {
			g.Started, g.Finished = span(g.Started, g.Finished, m)
		} else {
			reusedStart, reusedEnd = span(reusedStart, reusedEnd, m)
		}
	}
	if g.Reused {
		g.Started, g.Finished = reusedStart, reusedEnd
	}
	switch {
	case g.Failed > 0:
		g.Status = StatusFailed
	case g.Cancelled > 0:
		g.Status, g.Reason = StatusCancelled, firstCancel
	case g.Succeeded > 0 || g.Allowed > 0 || n == 0:
		g.Status = StatusSucceeded
	case g.UpToDate > 0:
		g.Status = StatusUpToDate
	case g.Skipped == 0:
		g.Status, g.Reason = StatusSkipped, ReasonAllFiltered
	default:
		g.Status, g.Reason = StatusSkipped, firstSkip
	}
	if !g.Started.IsZero() && g.Finished.After(g.Started) {
		g.Duration = g.Finished.Sub(g.Started)
	}
	return g
}

// span widens [start, end] to cover member m's times.
func span(start, end time.Time, m Member) (time.Time, time.Time) {
	if !m.Started.IsZero() && (start.IsZero() || m.Started.Before(start)) {
		start = m.Started
	}
	if m.Finished.After(end) {
		end = m.Finished
	}
	return start, end
}
