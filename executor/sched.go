package executor

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/pipes"
	"github.com/dagrun/dagrun/rules"
)

// Sched is the scheduling core of one run: every rule of a run (readiness,
// trigger rules, conditions' and fan-outs' place in the order, the parallelism
// limit and pools, retries and their back-off, sensors' polls and deadlines,
// fail-fast, cancellation, and the aggregate of composites and fan-outs) is
// decided here and only here.
//
// It is deterministic and passive: no goroutines, no clock, no lock. A driver
// tells it what happened (an attempt ended, a back-off is over, the run is
// cancelled), with the time it happened, and asks it what to do next (Next:
// the steps that may start now; Complete: whether to wait and retry). The
// local engine (Run) drives it with goroutines, a mutex and a Clock; the
// Temporal engine drives it from a workflow with activities and timers, so a
// replay of the workflow takes the same decisions.
//
// Calls must not overlap, with one exception: while a step runs, its driver may
// call AttemptStarted and AttemptFinished for it without holding whatever
// serialises the other calls (the running step's state is its driver's alone).
type Sched struct {
	g *Graph
	// obs gets the events of the types it wants (Wants). Each is built
	// under `if s.want.Has(type)`: a run of the library often has no
	// observer, and an event is some 200 bytes to fill.
	obs      Observer
	want     EventMask
	rand     func() float64
	limit    int
	failFast bool
	reuse    func(id string) (Result, bool)
	cont     *Continuation // the run continues an earlier part (Options.Continue)

	static   []nodeState // one per graph node, indexed like the graph
	results  []Result    // static nodes' results, in the graph's topological order
	poolSize []int
	poolIdx  map[string]int32

	now         time.Time    // the time of the current call (one clock read per step)
	started     time.Time    // Begin
	instances   []*nodeState // fan-out instances as they are created; see state
	ready       queue
	poolWaiting []queue
	poolRunning []int
	running     int
	pending     int // nodes and instances not done
	stopping    bool
	stopReason  string
	stopCause   error
	failed      bool
	timedOut    bool
	cancelled   bool
	backoff     map[int32]struct{} // nodes waiting out a retry back-off
	work        []int32            // nodes whose upstreams are all done, to be decided

	// polls holds, for a sensor between two polls of one attempt, when its
	// first poll started (see poll.go).
	polls map[int32]time.Time
	order []int32 // the order of the results: the graph's, handlers last
	h     handlers
}

// nodeState is the run-time state of a node or a fan-out instance. Static nodes
// live in one block; each expansion allocates one block for its instances, so a
// *nodeState stays valid while the run grows.
type nodeState struct {
	node      *Node
	res       *Result // into Sched.results (static) or the expansion's block
	index     int32   // see Sched.state
	static    int32   // index in the compiled graph; for an instance, its parent's
	pool      int32   // -1: none
	remaining int32   // upstreams not yet done
	up        rules.Tally
	trigger   Trigger // its node's (kept here: it is read on every edge into it)
	decided   bool    // its trigger rule is decided: queued for settle, or done
	handler   bool    // a handler of the run (Node.Handler): kept here, read on every end
	// watch: each upstream's end may decide its rule before the last (a rule
	// other than all_success, or an upstream that did not succeed came in).
	watch bool
	// runnableAt is when the node became runnable, since the run started
	// (a time.Time would take 16 bytes more: the state of a node then
	// takes a cache line).
	runnableAt time.Duration
	x          *fanState // for instances, fan-out nodes once expanded, composites and their steps
}

// fanState is the part of a nodeState that only fan-out instances, expanded
// fan-out nodes and composites have: kept apart, it does not weigh on the state
// of every node of every run.
type fanState struct {
	parent    *nodeState   // instance: the fan-out node
	task      Task         // instance
	cond      Condition    // instance
	upToDate  UpToDate     // instance
	preds     []*nodeState // instance: Deps within the expansion
	succs     []*nodeState // instance: dependents within the expansion
	instances []*nodeState // fan-out node
	open      int          // fan-out node or open composite: members not yet done
	steps     []string     // instance: the ids of its steps (a composite instance)
	// early: for a node whose trigger rule was decided while some of its
	// upstreams still ran, those upstreams. Their results are being written
	// meanwhile: its functions see them as pending (Input).
	early   []*nodeState
	members []*nodeState // composite: its steps, once open
	opened  bool         // composite: its steps may run; it ends with the last of them
	ended   *rules.Group // a group that ended: how its members ended (Event.Members)
	group   *nodeState   // the composite this node is a step of, or nil
}

// parent returns an instance's fan-out node; nil for other nodes.
func (st *nodeState) parent() *nodeState {
	if st.x == nil {
		return nil
	}
	return st.x.parent
}

// ended is how the members of a group that ended did, for its event; nil
// for other nodes.
func (st *nodeState) ended() *rules.Group {
	if st.x == nil {
		return nil
	}
	return st.x.ended
}

// group returns the composite st is a step of, or nil. It lives in x: most
// nodes are steps of none, and the state of every node stays smaller.
func (st *nodeState) group() *nodeState {
	if st.x == nil {
		return nil
	}
	return st.x.group
}

// insts returns the instances of a fan-out node; nil for other nodes or
// before the expansion.
func (st *nodeState) insts() []*nodeState {
	if st.x == nil {
		return nil
	}
	return st.x.instances
}

// predList returns an instance's upstream instances; nil for other nodes.
func (st *nodeState) predList() []*nodeState {
	if st.x == nil {
		return nil
	}
	return st.x.preds
}

// NewSched makes the core of one run of g with opts (its Clock and Timeout are
// the driver's: the core reads no clock and keeps no timer). Its only source
// of chance is opts.Rand (the jitter of back-offs; math/rand/v2 when nil): a
// driver that needs the same decisions again gives it a seeded one.
func NewSched(g *Graph, opts Options) (*Sched, error) {
	n := len(g.nodes)
	s := &Sched{
		g:        g,
		obs:      opts.Observer,
		want:     Wants(opts.Observer),
		rand:     opts.Rand,
		limit:    opts.Parallelism,
		failFast: opts.FailFast,
		reuse:    opts.Reuse,
		cont:     opts.Continue,
		static:   make([]nodeState, n),
		results:  make([]Result, n),
		pending:  n,
		poolIdx:  map[string]int32{},
	}
	if s.rand == nil {
		s.rand = rand.Float64
	}
	for _, name := range slices.Sorted(maps.Keys(opts.Pools)) {
		size := opts.Pools[name]
		if size < 1 {
			return nil, fmt.Errorf("pool %q: size must be at least 1, got %d", name, size)
		}
		s.poolIdx[name] = int32(len(s.poolSize))
		s.poolSize = append(s.poolSize, size)
	}
	// The roots are all queued at the start (Begin): grown one append at a
	// time, the worklist and the queue of a wide graph allocated and copied
	// several times their final size.
	s.work = make([]int32, 0, g.roots)
	s.ready.reserve(g.roots)
	s.poolWaiting = make([]queue, len(s.poolSize))
	s.poolRunning = make([]int, len(s.poolSize))
	// A graph given in its topological order, without handlers (most),
	// has its results in the order of its nodes: one pass over the
	// nodes' state, not two.
	inOrder := g.inOrder && len(g.handlers) == 0
	for i := range g.nodes {
		st := &s.static[i]
		st.node, st.index, st.static, st.pool = &g.nodes[i], int32(i), int32(i), -1
		st.remaining = g.c.Indegree[i]
		if inOrder {
			st.res = &s.results[i]
		}
	}
	s.order = s.initHandlers(opts)
	if !inOrder {
		for rank, i := range s.order {
			s.static[i].res = &s.results[rank]
		}
	}
	for c, steps := range g.steps {
		for _, m := range steps {
			s.static[m].x = &fanState{group: &s.static[c]}
		}
	}
	for _, i := range g.triggered {
		s.static[i].trigger, s.static[i].watch = g.nodes[i].Trigger, true
	}
	for _, i := range g.pooled {
		nd := &g.nodes[i]
		p, ok := s.poolIdx[nd.Pool]
		if !ok {
			return nil, fmt.Errorf("node %q: unknown pool %q", nd.ID, nd.Pool)
		}
		s.static[i].pool = p
	}
	return s, nil
}

// state returns the node with index i: the graph's nodes come first, then
// the fan-out instances in the order they were created.
func (s *Sched) state(i int32) *nodeState {
	if int(i) < len(s.static) {
		return &s.static[i]
	}
	return s.instances[int(i)-len(s.static)]
}

// named gives a static node's result its names. NewSched leaves that to the
// node's end (finish), which writes its result anyway: naming it earlier
// (in NewSched, or when the node is decided) touched every result one more
// time, a cache miss per node of a large graph. Every node ends, so every
// result is named; before that, id, pipe and key give its names.
func (st *nodeState) named() {
	if res := st.res; res.ID == "" { // ids are never empty (NewGraph)
		res.ID, res.Pipe, res.Key = st.node.ID, pipeOf(st.node), st.node.Key
	}
}

// id, pipe and key name the node as its result does, without touching its
// result: a static node's names are its Node's, an instance's are set on
// its result before it is visible.
func (st *nodeState) id() string {
	if st.parent() != nil {
		return st.res.ID
	}
	return st.node.ID
}

func (st *nodeState) pipe() string {
	if st.parent() != nil {
		return st.res.Pipe
	}
	return pipeOf(st.node)
}

// pipeOf is nd's series name: its Pipe, or its ID when that is empty. The
// graph keeps its nodes as given (NewGraph), so the default is applied here.
func pipeOf(nd *Node) string {
	if nd.Pipe != "" {
		return nd.Pipe
	}
	return nd.ID
}

func (st *nodeState) key() string {
	if st.parent() != nil {
		return st.res.Key
	}
	return st.node.Key
}

// Begin starts the run at now: results an earlier run recorded are reused, and
// the roots are decided.
func (s *Sched) Begin(now time.Time) {
	s.started, s.now = now, now
	if s.cont != nil {
		s.continueRun() // the run started in its first part
	} else if s.want.Has(EventRunStarted) {
		s.obs.Event(Event{Type: EventRunStarted, Time: now})
	}
	if s.reuse != nil {
		for _, i := range s.g.order {
			if st := &s.static[i]; !st.isGroup() && !st.isHandler() {
				s.earlier(st, st.node.ID)
			}
		}
	}
	for _, i := range s.g.order {
		// Roots only: successors of reused nodes were queued when those
		// finished; reused roots are passed over by settle.
		if s.g.c.Indegree[i] == 0 && !s.static[i].handler {
			s.static[i].decided = true
			s.work = append(s.work, i)
		}
	}
	s.settle()
	if s.pending == 0 {
		s.pipesEnded() // no pipe to run, or all were reused
	}
}

// Done reports whether every node has ended (handlers included).
func (s *Sched) Done() bool { return s.pending == 0 && s.h.pending == 0 }

// Stopping reports whether the run is stopping (fail-fast, cancel, timeout) and
// why: running steps should be cancelled with that cause.
func (s *Sched) Stopping() (bool, error) { return s.stopping, s.stopCause }

// Step is a node (or fan-out instance) that holds its slots and is to run now:
// its condition (before its first attempt), then its expansion (a fan-out), its
// task (one attempt), or nothing (a gate). It is two pointers, an index and
// a time, filled in place (Next): a driver moves one per node.
type Step struct {
	st *nodeState
	s  *Sched
	// Index is the node's dense index in this run (Event.Index).
	Index int32
	// pollSince: the step is a later poll of a sensor's attempt, which
	// started then (see poll.go); zero otherwise.
	pollSince time.Time
}

// Condition is the condition to check before the task: nil when none is due
// (there is none, or an earlier attempt checked it).
func (step *Step) Condition() Condition {
	st := step.st
	cond := st.node.Condition
	if st.parent() != nil {
		cond = st.x.cond
	}
	if cond == nil || st.res.Attempts != 0 { // most nodes have none: their result is not read
		return nil
	}
	return cond
}

// UpToDate is the step's up-to-date check, before its first attempt (nil
// after it, or when it has none).
func (step *Step) UpToDate() UpToDate {
	st := step.st
	check := st.node.UpToDate
	if st.parent() != nil {
		check = st.x.upToDate
	}
	if check == nil || st.res.Attempts != 0 {
		return nil
	}
	return check
}

// Expand is set on a fan-out node: its instances are to be made.
func (step *Step) Expand() Expand {
	if step.st.parent() != nil {
		return nil
	}
	return step.st.node.Expand
}

// Task is the work of one attempt: nil for a gate (and a fan-out, whose
// work is its Expand).
func (step *Step) Task() Task {
	st := step.st
	if st.parent() != nil {
		return st.x.task
	}
	if st.node.Expand != nil {
		return nil
	}
	return st.node.Task
}

// Prepare runs what comes before a step's attempt: its condition (before the
// first attempt: false skips the step, an error fails it for good), its
// up-to-date check (before the first attempt: up to date ends it
// StatusUpToDate with its recorded output, an error fails it for good) and,
// on a fan-out, its expansion; a gate ends there too. It returns the step's
// outcome and true when the step ended without an attempt, false when its
// Task is to run. A panic in the condition or the expansion is an error
// (ErrPanic). Every driver runs a step this way.
func (step *Step) Prepare(ctx context.Context) (Outcome, bool) {
	if st := step.st; st.parent() == nil && st.node.Condition == nil && st.node.UpToDate == nil && st.node.Expand == nil && st.node.Task != nil {
		return Outcome{}, false // a plain task: most nodes
	}
	in := step.Input()
	if cond := step.Condition(); cond != nil {
		ok, err := callCondition(ctx, cond, in)
		if err != nil {
			return Outcome{Kind: OutcomePermanent, Err: fmt.Errorf("condition: %w", err)}, true
		}
		if !ok {
			return Outcome{Kind: OutcomeSkipped}, true
		}
	}
	if check := step.UpToDate(); check != nil && step.Task() != nil {
		out, ok, err := callUpToDate(ctx, check, in)
		if err != nil {
			return Outcome{Kind: OutcomePermanent, Err: err}, true
		}
		if ok {
			return Outcome{Kind: OutcomeUpToDate, Output: out}, true
		}
	}
	if expand := step.Expand(); expand != nil {
		insts, err := callExpand(ctx, expand, in)
		if err != nil {
			return Outcome{Kind: OutcomePermanent, Err: fmt.Errorf("for_each: %w", err)}, true
		}
		return Outcome{Kind: OutcomeExpanded, Instances: insts}, true
	}
	if step.Task() == nil {
		return Outcome{Kind: OutcomeSucceeded}, true
	}
	return Outcome{}, false
}

// ID names the step's node as its results and events do (id[key] for an
// instance).
func (step *Step) ID() string { return step.st.id() }

// Node holds the step's settings: Retry, Timeout, Pool, Trigger.
func (step *Step) Node() *Node { return step.st.node }

// Ready is when the step's node became runnable (the wait before its attempt
// runs from it).
func (step *Step) Ready() time.Time { return step.s.started.Add(step.st.runnableAt) }

// Input is what the step's functions see: during an attempt, its number.
func (step *Step) Input() Input {
	st := step.st
	return Input{Node: st.id(), Key: st.key(), Attempt: int(st.res.Attempts), s: step.s, st: st}
}

// Next takes the next node that may start now, claims its slots and fills
// step with it. It returns false when none may: none is ready, or the slots
// are taken.
func (s *Sched) Next(step *Step) bool {
	// Once every pipe has ended, the handlers run even if the run stopped.
	if (s.stopping && s.h.phase == 0) || (s.limit > 0 && s.running >= s.limit) {
		return false
	}
	for s.ready.len() > 0 {
		st := s.state(s.ready.pop())
		if p := st.pool; p >= 0 {
			if s.poolRunning[p] >= s.poolSize[p] {
				s.poolWaiting[p].push(st.index)
				continue
			}
			s.poolRunning[p]++
		}
		s.running++
		step.st, step.s, step.Index, step.pollSince = st, s, st.index, s.pollSince(st.index)
		return true
	}
	return false
}

// AttemptStarted records that an attempt of step started at at, and returns
// its number. Its driver may call it without serialising it with other calls.
func (s *Sched) AttemptStarted(step *Step, at time.Time) int {
	st := step.st
	res := st.res
	if step.Polling() {
		return res.Attempts // the attempt goes on: the poll is no attempt of its own
	}
	// The result is named here, by the step's driver and outside the lock
	// of a driver that has one, rather than when the node ends (finish),
	// under it: the first write to a result is a cache miss on a large
	// graph, and the time a lock is held is what many nodes at once wait for.
	st.named()
	res.Attempts++
	if res.Attempts == 1 {
		res.Started = at
	}
	if s.want.Has(EventAttemptStarted) {
		s.obs.Event(Event{Type: EventAttemptStarted, Time: at, Node: st.id(), Index: int(st.index), Pipe: st.pipe(), Key: st.key(),
			Attempt: res.Attempts, MaxAttempts: st.node.Retry.Attempts(), Wait: at.Sub(s.started) - st.runnableAt, Handler: st.isHandler()})
	}
	return res.Attempts
}

// AttemptFinished records the end of the attempt of step that started at
// start: a timeout of the attempt's own (Node.Timeout) is AttemptTimeout. It
// returns the outcome to Complete the step with. Its driver may call it
// without serialising it with other calls.
func (s *Sched) AttemptFinished(step *Step, start, end time.Time, output cty.Value, err error, timedOut, runStopped bool) Outcome {
	var out Outcome
	s.attemptFinished(step, start, end, output, err, timedOut, runStopped, &out)
	return out
}

// attemptFinished is AttemptFinished writing the outcome to out: the local
// driver keeps one per worker rather than copying it through three calls.
func (s *Sched) attemptFinished(step *Step, start, end time.Time, output cty.Value, err error, timedOut, runStopped bool, out *Outcome) {
	st := step.st
	res := st.res
	if notYet(start, output, err, timedOut, runStopped, out) {
		return
	}
	if step.Polling() {
		start = step.pollSince // the attempt began with its first poll
	}
	ar := AttemptOK
	skip := err != nil && !timedOut && !runStopped && pipes.IsSkip(err)
	why := err
	if skip {
		err = nil // the attempt did its work: the pipe skipped itself
	}
	switch {
	case timedOut:
		ar = AttemptTimeout
		err = fmt.Errorf("attempt %d timed out after %s: %w", res.Attempts, st.node.Timeout, err)
	case err != nil:
		ar = AttemptError
	}
	if s.want.Has(EventAttemptFinished) {
		s.obs.Event(Event{Type: EventAttemptFinished, Time: end, Node: st.id(), Index: int(st.index), Pipe: st.pipe(), Key: st.key(),
			Attempt: res.Attempts, MaxAttempts: st.node.Retry.Attempts(), AttemptResult: ar, Duration: end.Sub(start), Err: err, Handler: st.isHandler()})
	}
	out.Output, out.Err, out.Instances = output, err, nil
	switch {
	case skip:
		out.Kind, out.Err = OutcomeSelfSkipped, why
	case err == nil:
		out.Kind = OutcomeSucceeded
	case runStopped && !timedOut:
		out.Kind = OutcomeCancelled
	case pipes.IsPermanent(err):
		out.Kind = OutcomePermanent
	default:
		out.Kind = OutcomeFailed
	}
}

// ErrWorkerLost is in the error of an attempt lost with its worker (see
// AttemptLost): views name it instead of a plain timeout.
var ErrWorkerLost = errors.New("its worker stopped heartbeating")

// AttemptLost records the end of the attempt of step that started at start
// and was lost with its worker (another engine's worker stopped
// heartbeating): it counts as timed out, and is retried like any failed
// attempt. err, when not nil, is what the engine said of it; nil says that
// the worker stopped heartbeating.
func (s *Sched) AttemptLost(step *Step, start, end time.Time, err error) Outcome {
	st := step.st
	res := st.res
	lost := err
	if lost == nil {
		lost = fmt.Errorf("attempt %d lost: %w", res.Attempts, ErrWorkerLost)
	}
	if s.want.Has(EventAttemptFinished) {
		s.obs.Event(Event{Type: EventAttemptFinished, Time: end, Node: st.id(), Index: int(st.index), Pipe: st.pipe(), Key: st.key(),
			Attempt: res.Attempts, MaxAttempts: st.node.Retry.Attempts(), AttemptResult: AttemptTimeout, Duration: end.Sub(start), Err: lost, Handler: st.isHandler()})
	}
	return Outcome{Kind: OutcomeFailed, Err: lost}
}

// OutcomeKind says how a step ended.
type OutcomeKind uint8

// Outcome kinds.
const (
	OutcomeSucceeded   OutcomeKind = iota // the attempt succeeded (or a gate passed)
	OutcomeFailed                         // the attempt failed; retry if allowed
	OutcomePermanent                      // failed; no retry
	OutcomeSkipped                        // the condition was false
	OutcomeCancelled                      // the run is stopping
	OutcomeExpanded                       // a fan-out node made its instances
	OutcomeSelfSkipped                    // the attempt skipped the pipe (pipes.Skip; Err says why)
	// OutcomePoll: a sensor's condition does not hold yet (Err is a
	// pipes.NotYetError): its attempt goes on, and it is polled again
	// after an interval, holding no slot meanwhile (see poll.go).
	OutcomePoll
	OutcomeUpToDate // the node's UpToDate said it need not run; Output is its recorded output
)

// Outcome is what became of a step.
type Outcome struct {
	Kind      OutcomeKind
	Output    cty.Value
	Err       error
	Instances []Instance // OutcomeExpanded
	// Started is when the poll of an OutcomePoll started.
	Started time.Time
}

// Complete records the outcome of step at now and gives its slots back: the
// node ends, its fan-out instances are added, or it waits to be retried. When
// wait is true, the driver calls Wake(step.Index) once delay has passed.
func (s *Sched) Complete(step *Step, out Outcome, now time.Time) (delay time.Duration, wait bool) {
	return s.complete(step, &out, now)
}

// complete is Complete reading the outcome from out.
func (s *Sched) complete(step *Step, out *Outcome, now time.Time) (delay time.Duration, wait bool) {
	s.now = now
	st := step.st
	s.release(st)
	res := st.res
	if out.Kind != OutcomePoll && len(s.polls) > 0 {
		delete(s.polls, st.index) // the attempt is over
	}
	switch out.Kind {
	case OutcomePoll:
		delay, wait = s.poll(st, out, now)
	case OutcomeSucceeded:
		if st.isComposite() {
			s.open(st)
		} else {
			s.finish(st, StatusSucceeded, "", nil, out.Output)
		}
	case OutcomeSkipped:
		reason := ReasonConditionFalse
		if st.parent() != nil && st.group() == nil {
			reason = ReasonFiltered // a for_each instance's own condition
		}
		s.finish(st, StatusSkipped, reason, nil, cty.NilVal)
	case OutcomeSelfSkipped:
		s.finish(st, StatusSkipped, ReasonSelf, nil, out.Output)
	case OutcomeUpToDate:
		s.finish(st, StatusUpToDate, "", nil, out.Output)
	case OutcomeCancelled:
		reason := s.stopReason
		if reason == "" {
			reason = ReasonRunCancelled
		}
		s.finish(st, StatusCancelled, reason, out.Err, out.Output)
	case OutcomeExpanded:
		s.expand(st, out.Instances)
	case OutcomePermanent, OutcomeFailed:
		if out.Kind == OutcomePermanent || res.Attempts >= st.node.Retry.Attempts() || (s.stopping && !st.isHandler()) {
			s.fail(st, out.Err, out.Output)
			break
		}
		res.Output, res.Err = out.Output, out.Err
		delay = st.node.Retry.DelayBefore(res.Attempts, s.rand())
		if s.want.Has(EventRetrying) {
			s.obs.Event(Event{Type: EventRetrying, Time: now, Node: st.id(), Index: int(st.index), Pipe: st.pipe(), Key: st.key(),
				Attempt: res.Attempts + 1, MaxAttempts: st.node.Retry.Attempts(), Delay: delay, Err: out.Err, Handler: st.isHandler()})
		}
		if s.backoff == nil {
			s.backoff = map[int32]struct{}{}
		}
		s.backoff[st.index] = struct{}{}
		wait = true
	}
	s.settle()
	return delay, wait
}

// Wake ends the back-off of node i at now: it is queued for its next attempt
// (or cancelled, if the run stopped meanwhile; then this does nothing).
func (s *Sched) Wake(i int32, now time.Time) {
	if _, ok := s.backoff[i]; !ok {
		return // settled by Stop
	}
	delete(s.backoff, i)
	s.now = now
	st := s.state(i)
	st.runnableAt = now.Sub(s.started)
	s.enqueue(st)
}

// Stop stops the run at now for reason (ReasonRunCancelled, ReasonRunTimeout,
// ReasonFailFast): nothing new starts, queued and backing-off nodes end
// cancelled; the driver cancels running steps with Stopping's cause. A run
// stopped for ReasonRunCancelled ends cancelled; for ReasonRunTimeout, failed.
func (s *Sched) Stop(reason string, cause error, now time.Time) {
	if s.stopping || s.h.phase > 0 {
		return // stopped already, or every pipe has ended: the handlers run to their end
	}
	s.now = now
	switch reason {
	case ReasonRunCancelled:
		s.cancelled = true
	case ReasonRunTimeout:
		s.timedOut, s.failed = true, true
	}
	s.stop(reason, cause)
}

func (s *Sched) stop(reason string, cause error) {
	if s.stopping || s.h.phase > 0 {
		return // every pipe has ended (the last one's failure, under fail-fast): the handlers run
	}
	s.stopping, s.stopReason, s.stopCause = true, reason, cause
	for s.ready.len() > 0 {
		s.work = append(s.work, s.ready.pop())
	}
	for p := range s.poolWaiting {
		for s.poolWaiting[p].len() > 0 {
			s.work = append(s.work, s.poolWaiting[p].pop())
		}
	}
	// In index order, not the map's: the same run stops the same way.
	for _, i := range slices.Sorted(maps.Keys(s.backoff)) {
		delete(s.backoff, i)
		st := s.state(i)
		s.finish(st, StatusCancelled, reason, st.res.Err, st.res.Output)
	}
	s.settle()
}

// Report ends the run at now and returns its results. Every node must be done.
func (s *Sched) Report(now time.Time) *Report {
	rep := &Report{Started: s.started, Results: s.results, TimedOut: s.timedOut, HandlersFailed: s.h.failed, DeadlinesMissed: s.h.missed}
	if len(s.instances) > 0 {
		// Fan-out instances follow their fan-out node.
		rep.Results = make([]Result, 0, len(s.results)+len(s.instances))
		for k, i := range s.order {
			rep.Results = append(rep.Results, s.results[k])
			for _, inst := range s.static[i].insts() {
				rep.Results = append(rep.Results, *inst.res)
			}
		}
	}
	rep.Status = s.status()
	if s.h.final != nil {
		rep.Status = s.h.final.run.Status // decided when the pipes ended
	}
	rep.Duration = now.Sub(s.started)
	if s.want.Has(EventRunFinished) {
		s.obs.Event(Event{Type: EventRunFinished, Time: now, Status: rep.Status, Duration: rep.Duration})
	}
	return rep
}

// earlier gives node st (named id) what an earlier part of the run
// (Options.Continue) or an earlier run (Options.Reuse) left it, and reports
// whether st has ended with it.
func (s *Sched) earlier(st *nodeState, id string) bool {
	if s.cont != nil {
		if ns, ok := s.cont.State(id); ok {
			s.restoreResult(st, ns)
		}
		return st.res.Status.Done()
	}
	if s.reuse != nil {
		if prev, ok := s.reuse(id); ok {
			s.reuseResult(st, prev)
			return true
		}
	}
	return false
}

// reuseResult gives a node the result it had in an earlier run (resume): it is
// not run again, and its output is visible downstream.
func (s *Sched) reuseResult(st *nodeState, prev Result) {
	st.named()
	prev.ID, prev.Pipe, prev.Key = st.res.ID, st.res.Pipe, st.res.Key
	prev.Status, prev.Reused = StatusSucceeded, true
	*st.res = prev
	s.finish(st, StatusSucceeded, "", nil, prev.Output)
}

// settle decides every node in s.work (all upstreams done): skip or cancel it
// at once, or queue it to run. Finishing a node can add its successors, so this
// is a loop over a worklist rather than recursion (a long chain of skips must
// not grow the stack).
func (s *Sched) settle() {
	for k := 0; k < len(s.work); k++ { // FIFO: ready nodes start in order
		st := s.state(s.work[k])
		// Only a reused node is done before it is decided: without reuse,
		// its result is not read here (on a large graph, a cache miss).
		if (s.reuse != nil || s.cont != nil) && st.res.Status.Done() {
			continue // reused, or ended in an earlier part of the run
		}
		if s.stopping {
			s.finish(st, StatusCancelled, s.stopReason, nil, cty.NilVal)
			continue
		}
		if c := st.group(); c != nil && c.res.Status.Done() {
			// Its composite ended before it opened: a step follows it,
			// whatever its own trigger.
			switch {
			case c.res.Status == StatusCancelled:
				s.finish(st, StatusCancelled, c.res.Reason, nil, cty.NilVal)
			case c.res.Reason == ReasonFiltered:
				s.finish(st, StatusSkipped, ReasonFiltered, nil, cty.NilVal) // left out with its instance
			case c.res.Status == StatusFailed:
				s.finish(st, StatusSkipped, ReasonUpstreamFailed, nil, cty.NilVal)
			default:
				s.finish(st, StatusSkipped, ReasonUpstreamSkipped, nil, cty.NilVal)
			}
			continue
		}
		if st.trigger != AllSuccess || st.up.Succeeded != st.up.N || st.remaining > 0 { // else: it runs
			if _, run, reason := st.up.Decide(st.trigger, st.remaining > 0); !run {
				s.finish(st, StatusSkipped, reason, nil, cty.NilVal)
				continue
			}
		}
		if st.remaining > 0 {
			s.early(st)
		}
		st.runnableAt = s.now.Sub(s.started)
		if s.want.Has(EventPipeReady) {
			s.obs.Event(Event{Type: EventPipeReady, Time: s.now, Node: st.id(), Index: int(st.index), Pipe: st.pipe(), Key: st.key(),
				Gate: st.isGate() || st.isComposite(), FanOut: st.isFanOut()})
		}
		s.enqueue(st)
	}
	s.work = s.work[:0]
}

// early records, for a node about to run while some of its upstreams still
// run (one_success, one_failed), which upstreams those are.
func (s *Sched) early(st *nodeState) {
	var pending []*nodeState
	for _, p := range st.predList() {
		if !p.res.Status.Done() {
			pending = append(pending, p)
		}
	}
	if st.parent() == nil {
		for _, p := range s.g.c.Predecessors(int(st.static)) {
			if up := &s.static[p]; !up.res.Status.Done() {
				pending = append(pending, up)
			}
		}
	}
	if st.x == nil {
		st.x = &fanState{}
	}
	st.x.early = pending
}

// enqueue puts a runnable node in the ready queue, or in its pool's queue when
// the pool is full.
func (s *Sched) enqueue(st *nodeState) {
	if p := st.pool; p >= 0 && s.poolRunning[p] >= s.poolSize[p] {
		s.poolWaiting[p].push(st.index)
		return
	}
	s.ready.push(st.index)
}

// release gives back a node's slots and moves a waiter of its pool forward.
func (s *Sched) release(st *nodeState) {
	s.running--
	if p := st.pool; p >= 0 {
		s.poolRunning[p]--
		if s.poolWaiting[p].len() > 0 {
			s.ready.push(s.poolWaiting[p].pop())
		}
	}
}

// expand adds a fan-out node's instances to the run. Each is its own task with
// the node's (or its own) retries, timeout and pool; the node finishes when all
// have.
func (s *Sched) expand(st *nodeState, insts []Instance) {
	if s.stopping {
		s.finish(st, StatusCancelled, s.stopReason, nil, cty.NilVal)
		return
	}
	if len(insts) == 0 {
		s.finish(st, StatusSucceeded, "", nil, cty.NilVal)
		return
	}
	block := make([]nodeState, len(insts))
	resBlock := make([]Result, len(insts))
	byID := make(map[string]*nodeState, len(insts))
	for k, inst := range insts {
		is := &block[k]
		is.node, is.static, is.pool, is.trigger = st.node, st.static, st.pool, st.node.Trigger
		is.watch = is.trigger != AllSuccess
		is.x = &fanState{parent: st, task: inst.Task, cond: inst.Condition, upToDate: inst.UpToDate, steps: inst.Steps}
		id := inst.ID
		if id == "" {
			id = instanceID(st.id(), inst.Key)
		}
		is.res = &resBlock[k]
		*is.res = Result{ID: id, Pipe: st.pipe(), Key: inst.Key}
		if nd := inst.Node; nd != nil {
			is.node, is.trigger, is.watch = nd, nd.Trigger, nd.Trigger != AllSuccess
			if nd.Pipe != "" {
				is.res.Pipe = nd.Pipe
			}
			is.pool = -1
			if nd.Pool != "" {
				p, ok := s.poolIdx[nd.Pool]
				if !ok {
					s.fail(st, pipes.Permanent(fmt.Errorf("instance %s: unknown pool %q", id, nd.Pool)), cty.NilVal)
					return
				}
				is.pool = p
			}
		}
		if _, dup := byID[id]; dup {
			s.fail(st, pipes.Permanent(fmt.Errorf("duplicate instance %s", id)), cty.NilVal)
			return
		}
		byID[id] = is
	}
	for k, inst := range insts {
		is := &block[k]
		for _, d := range inst.Deps {
			p, ok := byID[d]
			if !ok {
				s.fail(st, pipes.Permanent(fmt.Errorf("instance %s depends on unknown instance %s", is.res.ID, d)), cty.NilVal)
				return
			}
			is.x.preds = append(is.x.preds, p)
			p.x.succs = append(p.x.succs, is)
		}
		for _, m := range inst.Steps {
			p, ok := byID[m]
			if !ok || p == is || p.x.group != nil {
				s.fail(st, pipes.Permanent(fmt.Errorf("instance %s: step %s is unknown or in another group", is.res.ID, m)), cty.NilVal)
				return
			}
			p.x.group = is
			if !dependsOn(p, is) {
				p.x.preds = append(p.x.preds, is)
				is.x.succs = append(is.x.succs, p)
			}
		}
	}
	for k := range block {
		block[k].remaining = int32(len(block[k].x.preds))
	}
	if cyclic(block) {
		s.fail(st, pipes.Permanent(errors.New("instances depend on each other in a cycle")), cty.NilVal)
		return
	}
	var early []*nodeState // kept: its instances see what it saw
	if st.x != nil {
		early = st.x.early
	}
	st.x = &fanState{group: st.group(), instances: make([]*nodeState, len(insts)), open: len(insts), early: early} // a step of a composite stays one
	st.res.Started = s.now
	s.pending += len(insts)
	for k := range block {
		is := &block[k]
		is.index = int32(len(s.static) + len(s.instances))
		s.instances = append(s.instances, is)
		st.x.instances[k] = is
	}
	for _, is := range st.x.instances {
		if !is.isComposite() && s.earlier(is, is.res.ID) {
			continue
		}
		// Roots of the expansion only: dependents of reused instances were
		// queued when those finished.
		if len(is.x.preds) == 0 {
			is.decided = true
			s.work = append(s.work, is.index)
		}
	}
}

// dependsOn reports whether instance a lists b among its Deps.
func dependsOn(a, b *nodeState) bool {
	for _, p := range a.x.preds {
		if p == b {
			return true
		}
	}
	return false
}

// cyclic reports whether the instances of one expansion depend on each other in
// a cycle (Kahn's algorithm over the block).
func cyclic(block []nodeState) bool {
	indeg := make(map[*nodeState]int, len(block))
	var queue []*nodeState
	for k := range block {
		is := &block[k]
		indeg[is] = len(is.x.preds)
		if len(is.x.preds) == 0 {
			queue = append(queue, is)
		}
	}
	seen := 0
	for len(queue) > 0 {
		is := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		seen++
		for _, s := range is.x.succs {
			indeg[s]--
			if indeg[s] == 0 {
				queue = append(queue, s)
			}
		}
	}
	return seen != len(block)
}

// isGate reports whether the node does no work and has no steps (a gate built
// in Go).
func (st *nodeState) isGate() bool {
	if st.parent() != nil {
		return st.x.task == nil && len(st.x.steps) == 0
	}
	return st.node.Task == nil && st.node.Expand == nil && len(st.node.Steps) == 0
}

// isComposite reports whether the node is a composite: a gate whose steps
// run once it passes, and whose result is their aggregate.
func (st *nodeState) isComposite() bool {
	if st.parent() != nil {
		return len(st.x.steps) > 0
	}
	return len(st.node.Steps) > 0
}

// isFanOut reports whether the node is a fan-out node (not an instance).
func (st *nodeState) isFanOut() bool { return st.parent() == nil && st.node.Expand != nil }

// isGroup reports whether the node's result is the aggregate of members
// (a composite or a fan-out): it is never reused whole.
func (st *nodeState) isGroup() bool { return st.isComposite() || st.isFanOut() }

// pending is the node's result as it is before the node ends, read
// without a lock: names only. A static node's come from its Node, which
// never changes (its result is named on its first step); an instance's are
// set before it is visible.
func (st *nodeState) pending() *Result {
	if st.parent() != nil {
		return &Result{ID: st.res.ID, Pipe: st.res.Pipe, Key: st.res.Key}
	}
	return &Result{ID: st.node.ID, Pipe: pipeOf(st.node), Key: st.node.Key}
}

// instanceID names a fan-out instance: id[key].
func instanceID(id, key string) string { return id + "[" + key + "]" }

func (s *Sched) fail(st *nodeState, err error, out cty.Value) {
	if st.isHandler() {
		s.h.failed++ // counted, but not the run's failure
		s.finish(st, StatusFailed, "", err, out)
		return
	}
	if pipes.IsAllowedFailure(err) {
		st.res.Allowed = true // neither the run's failure nor a reason to stop
		s.finish(st, StatusFailed, "", err, out)
		return
	}
	s.failed = true
	s.finish(st, StatusFailed, "", err, out)
	if s.failFast {
		s.stop(ReasonFailFast, errStopped)
	}
}

// open lets a composite's steps run: its own trigger and condition held. It
// ends when the last of its steps has.
func (s *Sched) open(st *nodeState) {
	var members []*nodeState
	if st.parent() != nil {
		members = make([]*nodeState, 0, len(st.x.steps))
		for _, is := range st.parent().x.instances {
			if is.x.group == st {
				members = append(members, is)
			}
		}
	} else {
		steps := s.g.steps[st.static]
		members = make([]*nodeState, len(steps))
		for k, m := range steps {
			members[k] = &s.static[m]
		}
	}
	if st.x == nil {
		st.x = &fanState{}
	}
	st.x.members, st.x.opened = members, true
	for _, m := range members {
		if !m.res.Status.Done() { // steps can be reused before their composite opens
			st.x.open++
		}
	}
	// The steps count their composite as a succeeded upstream; what depends on
	// the composite from outside waits for its end.
	s.releaseSuccs(st, StatusSucceeded, "", releaseSteps)
	if st.x.open == 0 {
		s.close(st)
	}
}

// close ends an open composite with the aggregate of its steps.
func (s *Sched) close(st *nodeState) {
	s.endGroup(st, "step", st.x.members)
}

// endGroup ends a composite or a fan-out with the aggregate of its members.
func (s *Sched) endGroup(st *nodeState, what string, members []*nodeState) {
	g := aggregateResults(members)
	res := st.res
	res.Attempts, res.Reused = g.Attempts, g.Reused
	if !g.Started.IsZero() {
		res.Started, res.Duration = g.Started, g.Duration
	}
	var err error
	if g.Failed > 0 {
		err = groupError(what, members)
		s.failed = true
	}
	if s.want.Has(EventPipeFinished) {
		if st.x == nil {
			st.x = &fanState{}
		}
		st.x.ended = &g
	}
	s.finish(st, g.Status, g.Reason, err, cty.NilVal)
}

// aggregateResults is the rules' aggregate of members' results. Members'
// errors are left out of it: groupError wraps the first failed one whole,
// and formatting every member's error of a large fan-out for it would be
// work thrown away.
func aggregateResults(members []*nodeState) rules.Group {
	return rules.Aggregate(len(members), func(i int) rules.Member {
		r := members[i].res
		return rules.Member{ID: r.ID, Status: r.Status, Reason: r.Reason, Attempts: r.Attempts,
			Started: r.Started, Finished: r.Finished, Reused: r.Reused, Allowed: r.Allowed}
	})
}

// groupError is the error of a group: the first failed member's, naming it.
func groupError(what string, members []*nodeState) error {
	for _, m := range members {
		if m.res.Status == StatusFailed && !m.res.Allowed {
			return fmt.Errorf("%s %s failed: %w", what, m.res.ID, m.res.Err)
		}
	}
	return nil
}

// finish gives a node its final status and readies its successors; the last
// member of a fan-out or an open composite ends that group.
func (s *Sched) finish(st *nodeState, status Status, reason string, err error, out cty.Value) {
	st.named()
	res := st.res
	now := s.now
	// A result reused from an earlier run, or restored from an earlier
	// part of this one, keeps its own times.
	own := !res.Finished.IsZero()
	if own {
		res.Status, res.Reason, res.Err, res.Output = status, reason, err, out
	} else {
		res.Status, res.Reason, res.Err, res.Output, res.Finished = status, reason, err, out, now
	}
	fanOut := st.isFanOut()
	group := fanOut || st.isComposite()
	if !own && !res.Started.IsZero() && !res.Reused && !group {
		res.Duration = now.Sub(res.Started) // a reused result keeps its own; a group's is its members'
	}
	if s.want.Has(EventPipeFinished) {
		s.obs.Event(Event{Type: EventPipeFinished, Time: now, Node: st.id(), Index: int(st.index), Pipe: st.pipe(), Key: st.key(),
			Attempt: res.Attempts, MaxAttempts: st.node.Retry.Attempts(), Status: status, Reason: reason,
			Duration: res.Duration, Err: err, Output: out, Reused: res.Reused, Allowed: res.Allowed, Gate: !group && st.isGate(), FanOut: fanOut, Group: group,
			Members: st.ended(), Handler: st.isHandler()})
	}
	if st.isHandler() {
		s.handlerEnded(st)
		return
	}
	s.pending--
	if s.pending == 0 {
		defer s.pipesEnded() // once the node's own end is counted below
	}
	mode := releaseAll
	if st.x != nil && st.x.opened {
		mode = releaseOthers // its steps were released when it opened
	}
	s.releaseSuccs(st, status, reason, mode)
	if c := st.group(); c != nil && c.x != nil && c.x.opened {
		c.x.open--
		if c.x.open == 0 {
			s.close(c)
		}
	}
	if p := st.parent(); p != nil {
		p.x.open--
		if p.x.open == 0 {
			s.finishFanOut(p)
		}
	}
}

// Which successors of a node releaseSuccs counts down.
const (
	releaseAll    = iota // a node's end
	releaseSteps         // a composite opens: its steps
	releaseOthers        // an open composite ends: what depends on it from outside
)

// releaseSuccs counts a node's status (for reason) into its successors
// (those mode names) and queues those whose trigger rule that decides.
func (s *Sched) releaseSuccs(st *nodeState, status Status, reason string, mode int) {
	partial := mode != releaseAll
	skip := func(succ *nodeState) bool {
		return partial && (succ.group() == st) != (mode == releaseSteps)
	}
	// The successors' tallies count this node's status now, so that their
	// trigger rules need not visit every upstream again: on a graph of 1M
	// edges that visit cost more than this loop. The instances of a fan-out
	// node count one by one, composite instances left out (their work is in
	// their steps, which count).
	var t rules.Tally
	if insts := st.insts(); len(insts) > 0 {
		for _, inst := range insts {
			if !inst.isComposite() {
				t.Add(rules.Counted(inst.res.Status, inst.res.Allowed), inst.res.Reason)
			}
		}
	}
	if t.N == 0 { // not a fan-out, or one whose instances were all filtered
		t.Add(rules.Counted(status, st.res.Allowed), reason)
	}
	if st.parent() != nil {
		for _, succ := range st.x.succs {
			if !skip(succ) && succ.countDown(t) {
				s.decide(succ)
			}
		}
		return
	}
	succs := s.g.c.Successors(int(st.static))
	if partial {
		for _, sc := range succs {
			if succ := &s.static[sc]; !skip(succ) && succ.countDown(t) {
				s.decide(succ)
			}
		}
		return
	}
	for _, sc := range succs { // the common case, on every edge: kept plain
		if succ := &s.static[sc]; succ.countDown(t) {
			s.decide(succ)
		}
	}
}

// countDown counts an upstream's tally t into st, and reports whether its
// trigger rule may be decided now (decide says): when that was its last
// upstream, when t is not all successes, or when st watches every upstream
// (a rule other than all_success, or an upstream that did not succeed came
// in earlier). It runs on every edge, so it is kept small enough to be
// inlined; the common case (an all_success node whose upstreams have all
// succeeded so far) counts nothing.
func (st *nodeState) countDown(t rules.Tally) bool {
	st.remaining--
	if st.watch || t.Succeeded != t.N {
		st.up.Merge(t)
		return true
	}
	// All successes so far: all_success needs no count of them (its tally
	// keeps what did not succeed, which is all that decides it).
	return st.remaining == 0
}

// decide queues succ for settle if its trigger rule is decided, now or
// earlier (Tally.Decide).
func (s *Sched) decide(succ *nodeState) {
	if succ.decided {
		return
	}
	if succ.remaining > 0 {
		succ.watch = true // an upstream did not succeed: the rest may decide it
		if decided, _, _ := succ.up.Decide(succ.trigger, true); !decided {
			return
		}
	}
	succ.decided = true
	s.work = append(s.work, succ.index)
}

// finishFanOut ends a fan-out node once all its instances are done, with the
// aggregate of its instances (a composite instance stands for its steps).
func (s *Sched) finishFanOut(st *nodeState) {
	var top []*nodeState
	for _, inst := range st.insts() {
		if inst.x.group == nil {
			top = append(top, inst)
		}
	}
	s.endGroup(st, "instance", top)
}

// errStopped is the cancellation cause under fail-fast.
var errStopped = errors.New("run stopped after a failure (fail_fast)")

// ErrRunTimeout is the cancellation cause when Options.Timeout expires.
var ErrRunTimeout = errors.New("run exceeded its timeout")

// ErrPanic wraps the value of a panic recovered from a task.
var ErrPanic = errors.New("panic")
