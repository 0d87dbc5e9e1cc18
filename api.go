package dagrun

import (
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/pipes"
	"github.com/dagrun/dagrun/rules"
)

// The vocabulary of a run, named here so that an embedding program imports
// this package only. The rules themselves live in package rules, and every
// engine applies them the same way.

// Status of a pipe or a run: "succeeded", "failed", "skipped", "cancelled"
// (Status.String), and for a pipe "up_to_date" (not run: see
// UpToDateOptions; it counts as a success). A pipe that has not ended is
// pending.
type Status = rules.Status

// Statuses.
const (
	Pending   = rules.StatusPending
	Succeeded = rules.StatusSucceeded
	Failed    = rules.StatusFailed
	Skipped   = rules.StatusSkipped
	Cancelled = rules.StatusCancelled
	UpToDate  = rules.StatusUpToDate
)

// Why a pipe was skipped or cancelled (PipeResult.Reason, Event.Reason).
const (
	ReasonUpstreamFailed  = rules.ReasonUpstreamFailed  // skipped: an upstream failed, was cancelled, or was skipped for a failure further up
	ReasonUpstreamSkipped = rules.ReasonUpstreamSkipped // skipped: an upstream was skipped (all_success)
	ReasonConditionFalse  = rules.ReasonConditionFalse  // skipped: its If returned false
	ReasonTriggerNotMet   = rules.ReasonTriggerNotMet   // skipped: its trigger rule cannot hold
	ReasonFiltered        = rules.ReasonFiltered        // skipped: a ForEach instance whose own If was false, left out
	ReasonAllFiltered     = rules.ReasonAllFiltered     // skipped: every instance of a ForEach pipe was filtered
	ReasonSelf            = rules.ReasonSelf            // skipped: the pipe skipped itself (Skip)
	ReasonRunCancelled    = rules.ReasonRunCancelled    // cancelled: the run's context was cancelled
	ReasonFailFast        = rules.ReasonFailFast        // cancelled: another pipe failed with FailFast
	ReasonRunTimeout      = rules.ReasonRunTimeout      // cancelled: the pipeline's timeout ran out
)

// Trigger is a pipe's upstream rule (WithTrigger): whether it runs, given
// how its upstreams ended. A rule is decided as soon as its outcome is
// certain: one_success may start its pipe while other upstreams still run.
type Trigger = rules.Trigger

// Trigger rules. The zero value is AllSuccess.
const (
	AllSuccess              = rules.AllSuccess              // every upstream succeeded
	AllDone                 = rules.AllDone                 // every upstream ended, however
	NoneFailed              = rules.NoneFailed              // no upstream failed (skipped ones are fine)
	OneFailed               = rules.OneFailed               // at least one upstream failed: a failure handler
	OneSuccess              = rules.OneSuccess              // at least one upstream succeeded
	AllFailed               = rules.AllFailed               // every upstream failed
	NoneFailedMinOneSuccess = rules.NoneFailedMinOneSuccess // no upstream failed and at least one succeeded
)

// ParseTrigger returns the trigger named as in HCL (all_success, one_failed,
// ...); "" is AllSuccess.
func ParseTrigger(name string) (Trigger, error) { return rules.ParseTrigger(name) }

// RetryPolicy says how often and when a failed attempt is tried again (see
// Retry):
//
//   - Retries: extra attempts after the first; 0 is one attempt.
//   - Delay: the wait before the first retry.
//   - Backoff: the multiplier of the wait per retry; below 1 means 1, a
//     constant wait.
//   - MaxDelay: the cap on any one wait; 0 is none.
//   - Jitter: 0 to 1, the wait moves by up to ± that fraction of itself.
type RetryPolicy = rules.RetryPolicy

// Permanent marks err as not worth retrying: a pipe whose attempt returns
// it fails at once, whatever its RetryPolicy.
func Permanent(err error) error { return pipes.Permanent(err) }

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool { return pipes.IsPermanent(err) }

// Skip ends a pipe's attempt as skipped instead of succeeded or failed: the
// pipe skipped itself (ReasonSelf), it is not retried, and its dependents see
// a skipped upstream. A task returns it with its output.
func Skip(why string) error { return pipes.Skip(why) }

// IsSkip reports whether err is a Skip.
func IsSkip(err error) bool { return pipes.IsSkip(err) }

// AllowFailure marks err as a failure the pipeline allows: once no retry is
// left, the pipe is failed with PipeResult.Allowed, its dependents see a
// success, and the run's status leaves it out.
func AllowFailure(err error) error { return pipes.AllowFailure(err) }

// IsAllowedFailure reports whether err was marked with AllowFailure.
func IsAllowedFailure(err error) bool { return pipes.IsAllowedFailure(err) }

// Event is what an Observer receives, one per step of a run. Its fields,
// by Type:
//
//   - every event: Type, Time; Node, the pipe's id (id[key] for an
//     instance of a ForEach pipe, "" on run events); Pipe, the pipe it
//     counts for (the ForEach pipe for its instances); Key, an instance's
//     key; Index, a dense number of the pipe within the run (for
//     observers that keep per-pipe state in a slice).
//   - EventRunStarted: nothing more.
//   - EventPipeReady: its dependencies are done; it waits for a slot.
//   - EventAttemptStarted: Attempt (from 1), MaxAttempts, Wait (from ready
//     to started).
//   - EventAttemptFinished: Attempt, MaxAttempts, AttemptResult (AttemptOK,
//     AttemptError, AttemptTimeout), Duration of the attempt, Err.
//   - EventRetrying: Attempt is the attempt about to be made (the next
//     one, not the one that failed), MaxAttempts, Delay before it.
//   - EventPipeFinished: Status, Reason (skipped or cancelled), Attempt
//     (the attempts made), Duration from its first start to its end, Err,
//     Output, Reused (taken from an earlier run), Allowed (a failure the
//     pipeline allows). Group is set for a composite or a ForEach pipe,
//     whose result sums up its members, and Members says how they ended
//     (counts by status).
//   - EventRunFinished: Status, Duration.
//
// Gate is set on the events of a composite's gate, which does no work;
// FanOut on those of a ForEach pipe itself (not its instances). Events are
// delivered from the run's goroutines, possibly concurrently.
type Event = executor.Event

// EventType says what an Event reports.
type EventType = executor.EventType

// Event types, in the order they happen for a pipe.
const (
	EventRunStarted      = executor.EventRunStarted
	EventPipeReady       = executor.EventPipeReady
	EventAttemptStarted  = executor.EventAttemptStarted
	EventAttemptFinished = executor.EventAttemptFinished
	EventRetrying        = executor.EventRetrying
	EventPipeFinished    = executor.EventPipeFinished
	EventRunFinished     = executor.EventRunFinished
)

// AttemptResult is how an attempt ended (Event.AttemptResult).
type AttemptResult = rules.AttemptResult

// Attempt results.
const (
	AttemptOK      = rules.AttemptOK      // the attempt succeeded
	AttemptError   = rules.AttemptError   // it returned an error (or panicked)
	AttemptTimeout = rules.AttemptTimeout // it ran out of its Timeout
)

// Observer receives every event of a run (RunOptions.Observer). Event is
// called synchronously from the run's goroutines, possibly concurrently:
// an implementation must be safe for concurrent use, and quick.
type Observer = executor.Observer

// ObserverFunc makes a function an Observer.
type ObserverFunc = executor.ObserverFunc

// Observers sends each event to several observers, in order: a progress
// view and the Prometheus metrics, say.
type Observers = executor.Observers

// Clock is a run's source of time (RunOptions.Clock); tests inject a fake
// one to test retries and timeouts without waiting.
type Clock = executor.Clock

// Timer is a pending call of a Clock.
type Timer = executor.Timer
