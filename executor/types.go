package executor

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// Status is the state of a node (or of a whole run).
type Status uint8

// Statuses. A node starts Pending and ends in exactly one of the others.
const (
	StatusPending Status = iota
	StatusSucceeded
	StatusFailed
	StatusSkipped
	StatusCancelled
)

var statusNames = [...]string{"pending", "succeeded", "failed", "skipped", "cancelled"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// Done reports whether s is a final status.
func (s Status) Done() bool { return s != StatusPending }

// Skip and cancel reasons recorded in Result.Reason.
const (
	ReasonUpstreamFailed  = "upstream_failed"  // an upstream failed or was cancelled (all_success, none_failed)
	ReasonUpstreamSkipped = "upstream_skipped" // an upstream was skipped (all_success)
	ReasonConditionFalse  = "condition_false"  // the node's condition returned false
	ReasonTriggerNotMet   = "trigger_not_met"  // one_failed, one_success, all_failed not satisfied
	ReasonRunCancelled    = "run_cancelled"    // the run's context ended
	ReasonFailFast        = "fail_fast"        // another node failed under fail-fast
	ReasonRunTimeout      = "run_timeout"      // the run's own timeout (Options.Timeout) expired
)

// Trigger is a node's upstream rule: when it runs, given its upstreams' statuses.
// Triggers are evaluated once every upstream is done.
type Trigger uint8

// Trigger rules (SPEC §2). The zero value is AllSuccess.
const (
	AllSuccess Trigger = iota // every upstream succeeded
	AllDone                   // every upstream is done, whatever its status
	NoneFailed                // no upstream failed or was cancelled (skipped is fine)
	OneFailed                 // at least one upstream failed
	OneSuccess                // at least one upstream succeeded
	AllFailed                 // every upstream failed
)

var triggerNames = [...]string{"all_success", "all_done", "none_failed", "one_failed", "one_success", "all_failed"}

func (t Trigger) String() string {
	if int(t) < len(triggerNames) {
		return triggerNames[t]
	}
	return fmt.Sprintf("trigger(%d)", t)
}

// Holds applies the rule to the statuses of n upstreams, of which succeeded
// succeeded and failed failed or were cancelled (the rest were skipped). It says
// whether the node runs and, if not, the skip reason. No upstreams: it runs.
func (t Trigger) Holds(n, succeeded, failed int) (bool, string) {
	if n == 0 {
		return true, ""
	}
	switch t {
	case AllSuccess:
		switch {
		case succeeded == n:
			return true, ""
		case failed > 0:
			return false, ReasonUpstreamFailed
		default:
			return false, ReasonUpstreamSkipped
		}
	case AllDone:
		return true, ""
	case NoneFailed:
		if failed > 0 {
			return false, ReasonUpstreamFailed
		}
		return true, ""
	case OneFailed:
		return failed > 0, ReasonTriggerNotMet
	case OneSuccess:
		return succeeded > 0, ReasonTriggerNotMet
	case AllFailed:
		return failed == n, ReasonTriggerNotMet
	}
	return false, ReasonTriggerNotMet
}

// TriggerNames lists the valid trigger names in declaration order.
func TriggerNames() []string { return append([]string(nil), triggerNames[:]...) }

// ParseTrigger returns the trigger called name.
func ParseTrigger(name string) (Trigger, error) {
	for i, n := range triggerNames {
		if n == name {
			return Trigger(i), nil
		}
	}
	return 0, fmt.Errorf("unknown trigger %q", name)
}

// RetryPolicy says how often and when a failed attempt is tried again.
type RetryPolicy struct {
	Retries  int           // extra attempts after the first; 0 = one attempt
	Delay    time.Duration // delay before the first retry
	Backoff  float64       // multiplier per retry; values below 1 mean 1 (constant)
	MaxDelay time.Duration // cap on any single delay; 0 = no cap
	Jitter   float64       // 0..1: the delay is moved by up to ±Jitter of itself
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
	b := p.Backoff
	if b < 1 {
		b = 1
	}
	d := float64(p.Delay) * math.Pow(b, float64(n-1))
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

// Input is what a task or condition sees: its node, the attempt, and the results of
// its direct upstreams (which are all done when it is called).
type Input struct {
	Node    string // node id (id[key] for a fan-out instance)
	Key     string // fan-out instance key, "" otherwise
	Attempt int    // 1-based attempt number; 0 when evaluating a condition or expanding
	r       *run
	st      *nodeState
}

// Upstream returns the result of the direct upstream id: for a fan-out instance,
// first its Deps within the expansion, then the fan-out node's upstreams. For a
// fan-out upstream it is the fan-out's own result; see Instances. The result must
// not be modified.
func (in Input) Upstream(id string) (*Result, bool) {
	if in.r == nil {
		return nil, false
	}
	for _, p := range in.st.predList() {
		if p.res.ID == id {
			return p.res, true
		}
	}
	for _, p := range in.r.g.c.Predecessors(int(in.st.static)) {
		if up := &in.r.static[p]; up.res.ID == id {
			return up.res, true
		}
	}
	return nil, false
}

// Upstreams returns the results of all direct upstreams, in the order their nodes
// were given. The results must not be modified.
func (in Input) Upstreams() []*Result {
	if in.r == nil {
		return nil
	}
	preds := in.r.g.c.Predecessors(int(in.st.static))
	out := make([]*Result, len(preds))
	for k, p := range preds {
		out[k] = in.r.static[p].res
	}
	return out
}

// Instances returns the results of the instances of the direct upstream id, a
// fan-out, in the order they were created (nil if it has none). The results must
// not be modified.
func (in Input) Instances(id string) []*Result {
	if in.r == nil {
		return nil
	}
	for _, p := range in.r.g.c.Predecessors(int(in.st.static)) {
		if up := &in.r.static[p]; up.res.ID == id {
			insts := up.insts()
			out := make([]*Result, len(insts))
			for k, inst := range insts {
				out[k] = inst.res
			}
			return out
		}
	}
	return nil
}

// Task is the work of a node: one call per attempt. A non-nil error fails the
// attempt; the output is kept either way (the last attempt's output is the node's).
type Task func(ctx context.Context, in Input) (cty.Value, error)

// Condition decides, once the trigger is satisfied, whether the node runs.
// False skips it with ReasonConditionFalse; an error fails it without retries.
type Condition func(ctx context.Context, in Input) (bool, error)

// Instance is one task of a fan-out. Usually an instance is a single task that
// inherits the fan-out node's retry policy, timeout and pool; a fan-out of a
// composite makes several instances per key that depend on each other (Deps) and
// carry their own settings (Node).
type Instance struct {
	Key       string    // the collection key (each.key)
	ID        string    // task name; "" means fanout-id[Key]
	Task      Task      // nil: a gate that succeeds at once
	Condition Condition // evaluated before the first attempt; false skips it
	// Deps are IDs of instances of the same expansion that must be done first;
	// Node.Trigger (or the fan-out node's) applies to them.
	Deps []string
	// Node, when set, gives the instance its own Pipe (metrics series), Trigger,
	// Retry, Timeout and Pool; other fields of it are ignored.
	Node *Node
}

// Expand computes a fan-out node's instances once its trigger and condition hold
// (dynamic fan-out: the collection may come from upstream outputs). An error fails
// the node without retries, and so do duplicate instance ids.
type Expand func(ctx context.Context, in Input) ([]Instance, error)

// Node is one unit of work in a graph.
type Node struct {
	ID   string
	Pipe string // the series name for metrics (for_each instances share it); defaults to ID
	Key  string // for_each instance key, "" otherwise

	Deps      []string // ids of nodes that must be done first
	Task      Task     // nil: a gate that succeeds at once without an attempt
	Condition Condition
	Trigger   Trigger
	Retry     RetryPolicy
	Timeout   time.Duration // per attempt; 0 = none
	Pool      string        // named pool; "" = only the global limit
	// Expand, when set, makes the node a fan-out: Task is unused; the instances
	// run as tasks of their own, named id[key], and the node finishes when they
	// all have: failed if any failed, else cancelled if any was, else succeeded
	// if any did (or there were none), else skipped. Dependents' triggers count
	// each instance as an upstream.
	Expand Expand
}

// AttemptResult classifies a finished attempt for metrics.
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

// Result is the outcome of one node.
type Result struct {
	ID       string
	Pipe     string
	Key      string
	Status   Status
	Reason   string // why it was skipped or cancelled
	Attempts int
	Output   cty.Value // cty.NilVal when the node produced nothing
	Err      error
	Started  time.Time // first attempt's start; zero if it never started
	Finished time.Time
	Duration time.Duration // first start to end, retries and back-off included
	Reused   bool          // taken from an earlier run (Options.Reuse), not run again
}

// EventType says what happened.
type EventType uint8

// Event types.
const (
	EventRunStarted      EventType = iota // Time
	EventPipeReady                        // dependencies done; waiting for a slot
	EventAttemptStarted                   // Attempt, MaxAttempts, Wait (ready → started)
	EventAttemptFinished                  // Attempt, AttemptResult, Duration, Err
	EventRetrying                         // Attempt (the next one), Delay
	EventPipeFinished                     // Status, Reason, Attempts, Duration, Err, Output
	EventRunFinished                      // Status, Duration
)

var eventTypeNames = [...]string{"run_started", "pipe_ready", "attempt_started", "attempt_finished", "retrying", "pipe_finished", "run_finished"}

func (t EventType) String() string {
	if int(t) < len(eventTypeNames) {
		return eventTypeNames[t]
	}
	return fmt.Sprintf("event(%d)", t)
}

// Event is one thing that happened in a run. Fields not listed for a type are zero.
type Event struct {
	Type EventType
	Time time.Time
	Node string // node id ("" for run events)
	// Index is the node's dense index in this run: the graph's nodes are
	// 0..Len()-1 in graph order, fan-out instances follow in the order they were
	// added. It lets an observer keep per-node state in a slice instead of a map
	// keyed by Node. It is unique within one run only; 0 on run events.
	Index         int
	Pipe          string // metrics series name (Node.Pipe)
	Key           string // for_each instance key
	Attempt       int
	MaxAttempts   int
	AttemptResult AttemptResult
	Wait          time.Duration // ready → attempt started (EventAttemptStarted)
	Delay         time.Duration // back-off before the next attempt (EventRetrying)
	Duration      time.Duration // attempt (EventAttemptFinished), pipe or run duration
	Status        Status        // EventPipeFinished, EventRunFinished
	Reason        string
	Err           error
	Output        cty.Value // EventPipeFinished
	Reused        bool      // EventPipeFinished: the result was taken from an earlier run
	// Gate is set on the events of a node without Task or Expand (a composite
	// pipe's gate): it does no work, so views and metrics may leave it out.
	Gate bool
	// FanOut is set on the events of a fan-out node itself (not its instances):
	// its finish sums up instances that were each reported already.
	FanOut bool
}

// Observer receives events. Event is called synchronously from the run's
// goroutines, possibly concurrently, so implementations must be safe for concurrent
// use and quick.
type Observer interface {
	Event(e Event)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(Event)

// Event calls f(e).
func (f ObserverFunc) Event(e Event) { f(e) }

// Observers fans events out to several observers, in order.
type Observers []Observer

// Event sends e to every observer.
func (os Observers) Event(e Event) {
	for _, o := range os {
		o.Event(e)
	}
}

// Clock is the time source; tests inject a fake one.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine after d. Stop on the returned timer
	// reports whether it stopped f from running.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a stoppable pending call.
type Timer interface {
	Stop() bool
}

// Options tune a run.
type Options struct {
	Parallelism int            // running nodes at once; <= 0 means unlimited
	Pools       map[string]int // named pool sizes; a node naming an absent pool is an error
	FailFast    bool           // on the first failed node: start nothing more, cancel running ones
	Observer    Observer       // may be nil
	Clock       Clock          // nil: the real clock
	Rand        func() float64 // jitter source in [0,1); nil: math/rand/v2
	// Reuse, when set, is asked for every node (and every fan-out instance once
	// created) whether an earlier run already succeeded it (resume). A node it
	// returns a result for is not run: it ends succeeded with that output, and
	// Result.Reused set. Fan-out nodes themselves are not asked, only instances.
	Reuse func(id string) (Result, bool)
	// Timeout, when positive, is the whole run's deadline: when it expires the run
	// stops like fail-fast (reason run_timeout) and its status is failed.
	Timeout time.Duration
}

// Report is the outcome of a run.
type Report struct {
	Status   Status // succeeded, failed or cancelled
	TimedOut bool   // Options.Timeout ended the run
	Started  time.Time
	Duration time.Duration
	// Results has one entry per node, in the graph's stable topological order,
	// each fan-out node followed by its instances.
	Results []Result

	indexOnce sync.Once
	index     map[string]int
}

// Result returns the result of node (or instance) id.
func (r *Report) Result(id string) (*Result, bool) {
	r.indexOnce.Do(func() {
		r.index = make(map[string]int, len(r.Results))
		for k := range r.Results {
			r.index[r.Results[k].ID] = k
		}
	})
	i, ok := r.index[id]
	if !ok {
		return nil, false
	}
	return &r.Results[i], true
}
