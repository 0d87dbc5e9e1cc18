package executor

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/rules"
)

// The vocabulary of a run is package rules; these names are kept so that
// code written against the executor reads as before.

// Status is the state of a node (or of a whole run).
type Status = rules.Status

// Statuses. A node starts Pending and ends in exactly one of the others.
const (
	StatusPending   = rules.StatusPending
	StatusSucceeded = rules.StatusSucceeded
	StatusFailed    = rules.StatusFailed
	StatusSkipped   = rules.StatusSkipped
	StatusCancelled = rules.StatusCancelled
	StatusUpToDate  = rules.StatusUpToDate
)

// Skip and cancel reasons recorded in Result.Reason.
const (
	ReasonUpstreamFailed  = rules.ReasonUpstreamFailed
	ReasonUpstreamSkipped = rules.ReasonUpstreamSkipped
	ReasonConditionFalse  = rules.ReasonConditionFalse
	ReasonFiltered        = rules.ReasonFiltered
	ReasonSelf            = rules.ReasonSelf
	ReasonAllFiltered     = rules.ReasonAllFiltered
	ReasonTriggerNotMet   = rules.ReasonTriggerNotMet
	ReasonRunCancelled    = rules.ReasonRunCancelled
	ReasonFailFast        = rules.ReasonFailFast
	ReasonRunTimeout      = rules.ReasonRunTimeout
)

// Trigger is a node's upstream rule (rules.Trigger).
type Trigger = rules.Trigger

// Trigger rules. The zero value is AllSuccess.
const (
	AllSuccess = rules.AllSuccess
	AllDone    = rules.AllDone
	NoneFailed = rules.NoneFailed
	OneFailed  = rules.OneFailed
	OneSuccess = rules.OneSuccess
	AllFailed  = rules.AllFailed
	// NoneFailedMinOneSuccess: no upstream failed, and one succeeded.
	NoneFailedMinOneSuccess = rules.NoneFailedMinOneSuccess
)

// TriggerNames lists the valid trigger names in declaration order.
func TriggerNames() []string { return rules.TriggerNames() }

// ParseTrigger returns the trigger called name ("" is AllSuccess).
func ParseTrigger(name string) (Trigger, error) { return rules.ParseTrigger(name) }

// RetryPolicy says how often and when a failed attempt is tried again.
type RetryPolicy = rules.RetryPolicy

// Input is what a task or condition sees: its node, the attempt, and the results of
// its direct upstreams (which are all done when it is called).
type Input struct {
	Node    string // node id (id[key] for a fan-out instance)
	Key     string // fan-out instance key, "" otherwise
	Attempt int    // 1-based attempt number; 0 when evaluating a condition or expanding
	s       *Sched
	st      *nodeState
	view    InputView // set on a detached Input (DetachedInput)
}

// Upstream returns the result of the direct upstream id: for a fan-out instance,
// first its Deps within the expansion, then the fan-out node's upstreams. For a
// fan-out upstream it is the fan-out's own result; see Instances. The result must
// not be modified. An upstream that was not done when the node's trigger rule
// let it start (one_success, one_failed decide early) is StatusPending here,
// without output.
func (in Input) Upstream(id string) (*Result, bool) {
	if in.view != nil {
		return in.view.Upstream(id)
	}
	if in.s == nil {
		return nil, false
	}
	if in.st.isHandler() {
		return in.handlerUpstream(id)
	}
	for _, p := range in.st.predList() {
		if p.res.ID == id { // an instance's id is set before it is visible
			return in.result(p), true
		}
	}
	for _, p := range in.s.g.c.Predecessors(int(in.st.static)) {
		if up := &in.s.static[p]; up.node.ID == id {
			return in.result(up), true
		}
	}
	return nil, false
}

// result is up's result as the node of in may see it: pending if up was
// not done when the node (or, for an instance, its fan-out node) was let
// start.
func (in Input) result(up *nodeState) *Result {
	for st := in.st; st != nil; st = st.parent() {
		if x := st.x; x != nil && slices.Contains(x.early, up) {
			return up.pending()
		}
	}
	return up.res
}

// Upstreams returns the results of all direct upstreams, in the order their nodes
// were given. The results must not be modified; see Upstream for those that
// were not done.
func (in Input) Upstreams() []*Result {
	if in.view != nil {
		return in.view.Upstreams()
	}
	if in.s == nil {
		return nil
	}
	preds := in.s.g.c.Predecessors(int(in.st.static))
	out := make([]*Result, len(preds))
	for k, p := range preds {
		out[k] = in.result(&in.s.static[p])
	}
	return out
}

// Instances returns the results of the instances of the direct upstream id, a
// fan-out, in the order they were created (nil if it has none, or was not
// done when the node was let start). The results must not be modified.
func (in Input) Instances(id string) []*Result {
	if in.view != nil {
		return in.view.Instances(id)
	}
	if in.s == nil {
		return nil
	}
	if in.st.isHandler() {
		return in.handlerInstances(id)
	}
	for _, p := range in.s.g.c.Predecessors(int(in.st.static)) {
		if up := &in.s.static[p]; up.node.ID == id {
			if in.result(up) != up.res {
				return nil
			}
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

// UpToDate is asked, once a node's trigger and condition hold and before
// its first attempt, whether it need not run: true ends it StatusUpToDate
// with out as its output (that of an earlier success), which its
// dependents read as a success's; an error fails it without retries.
type UpToDate func(ctx context.Context, in Input) (out cty.Value, upToDate bool, err error)

// Instance is one task of a fan-out. Usually an instance is a single task that
// inherits the fan-out node's retry policy, timeout and pool; a fan-out of a
// composite makes several instances per key that depend on each other (Deps) and
// carry their own settings (Node).
type Instance struct {
	Key       string    // the collection key (each.key)
	ID        string    // task name; "" means fanout-id[Key]
	Task      Task      // nil: a gate that succeeds at once
	Condition Condition // evaluated before the first attempt; false skips it
	UpToDate  UpToDate  // asked after Condition: true ends it up to date
	// Deps are IDs of instances of the same expansion that must be done first;
	// Node.Trigger (or the fan-out node's) applies to them.
	Deps []string
	// Node, when set, gives the instance its own Pipe (metrics series), Trigger,
	// Retry, Timeout and Pool; other fields of it are ignored.
	Node *Node
	// Steps, when set, make the instance a composite (see Node.Steps): the IDs
	// of instances of the same expansion that are its steps. Task must be nil.
	Steps []string
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
	// UpToDate, when set, is asked before the first attempt whether the
	// node need not run (see UpToDate); a gate or fan-out node has none.
	UpToDate UpToDate
	Trigger  Trigger
	Retry    RetryPolicy
	Timeout  time.Duration // per attempt; 0 = none
	Pool     string        // named pool; "" = only the global limit
	// Expand, when set, makes the node a fan-out: Task is unused; the instances
	// run as tasks of their own, named id[key], and the node finishes when they
	// all have, with their aggregate (rules.Aggregate). Dependents' triggers
	// count each instance that does work as an upstream.
	Expand Expand
	// Steps, when set, make the node a composite: a gate with no Task whose
	// steps (ids of other nodes) run once its trigger and condition hold, each
	// a node of its own that waits for it. It ends when the last of its steps
	// has, with their aggregate (rules.Aggregate): its status, reason,
	// attempts and duration are theirs. What depends on it waits for that end.
	Steps []string
	// Handler, when set, makes the node a handler of the run of that kind:
	// no Deps, Expand, Steps or Pool, and nothing depends on it. It runs
	// when its moment comes (HandlerKind), reads every node's result
	// (Input.Upstream) and the run's (Input.Run), and its failure leaves
	// the run's status alone. It runs even after the run was stopped
	// (cancelled, timed out, fail-fast): its Task's context is not the
	// run's, and ends only at its own Timeout.
	Handler HandlerKind
	// Deadline, when positive: the node should have ended that long after
	// the run started; if it has not, the deadline is missed
	// (EventDeadlineMissed, the deadline handler). Nothing is stopped.
	Deadline time.Duration
}

// AttemptResult classifies a finished attempt.
type AttemptResult = rules.AttemptResult

// Attempt results (the `result` label of dagrun_pipe_attempts_total).
const (
	AttemptOK      = rules.AttemptOK
	AttemptError   = rules.AttemptError
	AttemptTimeout = rules.AttemptTimeout
)

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
	// Allowed: it failed, with an error marked pipes.AllowFailure: its
	// dependents see a success, and the run's status leaves it out.
	Allowed bool
	// Handler: the node is a handler of the run (Node.Handler).
	Handler bool
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
	// EventDeadlineMissed: a deadline passed before its pipe (Node set) or
	// the run's pipes (Node "") ended. Duration is the deadline, from the
	// run's start. The run goes on.
	EventDeadlineMissed
)

var eventTypeNames = [...]string{"run_started", "pipe_ready", "attempt_started", "attempt_finished", "retrying", "pipe_finished", "run_finished", "deadline_missed"}

func (t EventType) String() string {
	if int(t) < len(eventTypeNames) {
		return eventTypeNames[t]
	}
	return fmt.Sprintf("event(%d)", t)
}

// Event is one thing that happened in a run. Fields not listed for a type are zero.
type Event struct {
	// The one-byte fields come first, together: an event is filled several
	// times per node, and padding between them would add 24 bytes.
	Type          EventType
	AttemptResult AttemptResult // EventAttemptFinished
	Status        Status        // EventPipeFinished, EventRunFinished
	Reused        bool          // EventPipeFinished: the result was taken from an earlier run
	Allowed       bool          // EventPipeFinished: a failure the pipeline allows (Result.Allowed)
	// Gate is set on the events of a node without Task or Expand (a composite
	// pipe's gate): it does no work, so views and metrics may leave it out.
	Gate bool
	// FanOut is set on the events of a fan-out node itself (not its instances).
	FanOut bool
	// Group is set on the EventPipeFinished of a composite or a fan-out node:
	// it sums up members that were each reported already, so metrics leave it
	// out while views show it.
	Group bool
	// Handler is set on the events of a handler of the run (Node.Handler).
	Handler bool

	Time time.Time
	Node string // node id ("" for run events)
	// Index is the node's dense index in this run: the graph's nodes are
	// 0..Len()-1 in graph order, fan-out instances follow in the order they were
	// added. It lets an observer keep per-node state in a slice instead of a map
	// keyed by Node. It is unique within one run only; 0 on run events. (A run
	// that went on in a new core, Options.Continue, may leave some out: an
	// engine keeps each node's index across its parts.)
	Index       int
	Pipe        string // metrics series name (Node.Pipe)
	Key         string // for_each instance key
	Attempt     int
	MaxAttempts int
	Wait        time.Duration // ready → attempt started (EventAttemptStarted)
	Delay       time.Duration // back-off before the next attempt (EventRetrying)
	Duration    time.Duration // attempt (EventAttemptFinished), pipe or run duration
	Reason      string
	Err         error
	Output      cty.Value // EventPipeFinished
	// Members is set on the EventPipeFinished of a group (Group): how its
	// members ended, counted as its status was decided (rules.Aggregate).
	Members *rules.Group
}

// Observer receives events. Event is called synchronously from the run's
// goroutines, possibly concurrently, so implementations must be safe for concurrent
// use and quick.
type Observer interface {
	Event(e Event)
}

// EventMask is a set of event types: bit 1<<t for type t.
type EventMask uint32

// AllEvents is the mask of every event type.
const AllEvents EventMask = 1<<(EventDeadlineMissed+1) - 1

// MaskOf returns the mask of types.
func MaskOf(types ...EventType) EventMask {
	var m EventMask
	for _, t := range types {
		m |= 1 << t
	}
	return m
}

// Has reports whether t is in m.
func (m EventMask) Has(t EventType) bool { return m&(1<<t) != 0 }

// EventFilter is implemented by an Observer that needs only some types of
// event: a run does not build the others for it (an event is some 200 bytes
// to fill, several per node). An Observer without it gets every event.
type EventFilter interface {
	EventTypes() EventMask
}

// Wants returns the event types o needs: none for nil, its EventTypes for an
// EventFilter, every type otherwise.
func Wants(o Observer) EventMask {
	switch o := o.(type) {
	case nil:
		return 0
	case EventFilter:
		return o.EventTypes()
	default:
		return AllEvents
	}
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
		if Wants(o).Has(e.Type) {
			o.Event(e)
		}
	}
}

// EventTypes is the union of what the observers need (see Wants). Each gets
// only the types it needs.
func (os Observers) EventTypes() EventMask {
	var m EventMask
	for _, o := range os {
		m |= Wants(o)
	}
	return m
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
	// Continue, when set, makes the run the next part of a run an earlier
	// core began (Continuation); Reuse is then left unset, as what the
	// earlier parts reused is in its State. Begin's now is when this part
	// begins.
	Continue *Continuation
	// Timeout, when positive, is the whole run's deadline: when it expires the run
	// stops like fail-fast (reason run_timeout) and its status is failed.
	Timeout time.Duration
	// Deadline, when positive, is the run's deadline: when it passes before
	// every node (handlers aside) has ended, an EventDeadlineMissed, and the
	// deadline handler runs. The run goes on.
	Deadline time.Duration
}

// Report is the outcome of a run.
type Report struct {
	Status   Status // succeeded, failed or cancelled
	TimedOut bool   // Options.Timeout ended the run
	// HandlersFailed is how many handlers failed; DeadlinesMissed how many
	// deadlines were. Neither changes Status.
	HandlersFailed  int
	DeadlinesMissed int
	Started         time.Time
	Duration        time.Duration
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
