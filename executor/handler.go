package executor

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// HandlerKind makes a node a handler of the run (Node.Handler): it has no
// upstreams and is not part of the graph's order of work; the core runs it
// when its moment comes.
type HandlerKind uint8

// Handler kinds, in the order they run. The zero value is not a handler.
const (
	NotHandler      HandlerKind = iota
	HandlerSuccess              // after every pipe has ended, when the run succeeded
	HandlerFailure              // after every pipe has ended, when the run failed (a pipe failed, or its timeout), or was cancelled after a pipe failed
	HandlerCancel               // after every pipe has ended, when the run was cancelled
	HandlerExit                 // after every pipe and the handlers above have ended, whatever the run's status
	HandlerDeadline             // when a deadline (Options.Deadline, Node.Deadline) is missed, while the run goes on
)

var handlerKindNames = [...]string{"", "success", "failure", "cancel", "exit", "deadline"}

// String is the kind's name as the language writes it.
func (k HandlerKind) String() string {
	if int(k) < len(handlerKindNames) {
		return handlerKindNames[k]
	}
	return fmt.Sprintf("handler(%d)", k)
}

// HandlerKindNames lists the handler kinds' names in the order they run.
func HandlerKindNames() []string { return slices.Clone(handlerKindNames[1:]) }

// ParseHandlerKind returns the kind called name.
func ParseHandlerKind(name string) (HandlerKind, bool) {
	i := slices.Index(handlerKindNames[:], name)
	if i <= 0 {
		return NotHandler, false
	}
	return HandlerKind(i), true
}

// HandlerRuns reports whether a lifecycle handler of kind k runs after a run
// that ended with status, some of its pipes failed or not (allowed failures
// aside): success or cancel when the status is theirs; failure when the run
// failed, or a pipe did before it was cancelled (then the cancel handler
// runs too, after it); exit always. A deadline handler runs when a deadline
// is missed, not for a status: false.
func HandlerRuns(k HandlerKind, status Status, pipesFailed bool) bool {
	switch k {
	case HandlerSuccess:
		return status == StatusSucceeded
	case HandlerFailure:
		return status == StatusFailed || pipesFailed
	case HandlerCancel:
		return status == StatusCancelled
	case HandlerExit:
		return true
	}
	return false
}

// HandlerID is the id of the node of handler kind k: "handler.<kind>".
func HandlerID(k HandlerKind) string { return "handler." + k.String() }

// RunView is what a handler sees of the run: its status once every pipe
// has ended (Ended), and the ids of the pipes that failed, in the order of
// the run's results (allowed failures left out).
type RunView struct {
	Ended  bool   // every pipe has ended; false for a deadline handler that runs meanwhile
	Status Status // the run's status when Ended
	Failed []string
}

// handlers is the core's state of a run's handlers.
type handlers struct {
	nodes   []int32 // handler nodes, by kind order (then graph order)
	pending int     // handler nodes not done
	phase   int     // 0: pipes run; 1: lifecycle handlers run, one at a time; 2: all queued or skipped
	next    int     // the next of nodes to queue or skip in phase 1
	open    int     // lifecycle handlers queued and not done (0 or 1)
	opening bool    // nextHandler is at work (a skip ends a handler, which calls it again)
	// final is what the lifecycle handlers see, once every pipe has ended;
	// early what a deadline handler that runs before sees (a copy).
	final, early *handlerView
	deadline     *nodeState // the deadline handler, if any
	fired        bool       // the deadline handler was queued
	// deadlines are the run's deadlines not yet passed, by offset from its start.
	deadlines []deadline
	all       int // the run's deadlines, passed or not
	missed    int // deadlines missed so far
	failed    int // handlers that failed
}

// handlerView is what handlers read of the run: its view, and the pipes'
// results (Input.Upstream, Input.Instances).
type handlerView struct {
	run     RunView
	results map[string]*Result
	insts   map[string][]*Result // by fan-out id
}

// deadline is one deadline of a run: of the pipeline (node -1) or of a node.
type deadline struct {
	after time.Duration
	node  int32
}

// Deadlines returns the offsets from the run's start at which a deadline
// falls (Options.Deadline, Node.Deadline), each once, in increasing order.
// The driver calls DeadlinePassed when each has passed.
func (s *Sched) Deadlines() []time.Duration {
	var out []time.Duration
	for _, d := range s.h.deadlines {
		if len(out) == 0 || out[len(out)-1] != d.after {
			out = append(out, d.after)
		}
	}
	return out
}

// DeadlinePassed tells the core that now is at or after a deadline: each
// deadline that has passed and whose pipe (or, for the pipeline's, a pipe
// of the run) has not ended is missed: an EventDeadlineMissed, and the
// deadline handler, if there is one, is queued (once per run). Nothing is
// stopped.
func (s *Sched) DeadlinePassed(now time.Time) {
	s.now = now
	k := 0
	for ; k < len(s.h.deadlines); k++ {
		d := s.h.deadlines[k]
		if s.started.Add(d.after).After(now) {
			break
		}
		ended := s.pending == 0
		ev := Event{Type: EventDeadlineMissed, Time: now, Duration: d.after}
		if d.node >= 0 {
			st := &s.static[d.node]
			ended = ended || st.res.Status.Done()
			ev.Node, ev.Index, ev.Pipe, ev.Key = st.id(), int(st.index), st.pipe(), st.key()
		}
		if ended {
			continue
		}
		s.h.missed++
		if s.want.Has(EventDeadlineMissed) {
			s.obs.Event(ev)
		}
		s.fireDeadlineHandler()
	}
	s.h.deadlines = s.h.deadlines[k:]
}

// DeadlinesMissed is how many deadlines the run has missed so far.
func (s *Sched) DeadlinesMissed() int { return s.h.missed }

// fireDeadlineHandler queues the deadline handler, with a copy of what the
// pipes' results are now.
func (s *Sched) fireDeadlineHandler() {
	st := s.h.deadline
	if st == nil || s.h.fired || s.h.phase > 0 || s.stopping {
		return
	}
	s.h.fired = true
	s.h.early = s.view(false)
	s.readyHandler(st)
}

// initHandlers finds the handler nodes and deadlines of the graph (NewSched),
// and returns the order of the run's results: the graph's, handlers last.
func (s *Sched) initHandlers(opts Options) []int32 {
	if opts.Deadline > 0 {
		s.h.deadlines = append(s.h.deadlines, deadline{after: opts.Deadline, node: -1})
	}
	for _, i := range s.g.deadlines {
		s.h.deadlines = append(s.h.deadlines, deadline{after: s.g.nodes[i].Deadline, node: i})
	}
	for _, i := range s.g.handlers {
		s.h.nodes = append(s.h.nodes, i)
		s.static[i].handler = true
		if s.g.nodes[i].Handler == HandlerDeadline {
			s.h.deadline = &s.static[i]
		}
	}
	s.h.all = len(s.h.deadlines)
	if len(s.h.deadlines) > 1 {
		sort.SliceStable(s.h.deadlines, func(a, b int) bool { return s.h.deadlines[a].after < s.h.deadlines[b].after })
	}
	if len(s.h.nodes) == 0 {
		return s.g.order
	}
	sort.SliceStable(s.h.nodes, func(a, b int) bool {
		return s.g.nodes[s.h.nodes[a]].Handler < s.g.nodes[s.h.nodes[b]].Handler
	})
	s.h.pending = len(s.h.nodes)
	s.pending -= len(s.h.nodes)
	order := make([]int32, 0, len(s.g.order))
	for _, i := range s.g.order {
		if !s.static[i].handler {
			order = append(order, i)
		}
	}
	return append(order, s.h.nodes...)
}

// isHandler reports whether st is a handler node.
func (st *nodeState) isHandler() bool { return st.handler }

// Handler reports whether the step's node is a handler of the run: the
// run's stop does not cancel it. Its driver may call it without serialising
// it with other calls.
func (step *Step) Handler() bool { return step.st.isHandler() }

// HandlersFailed is how many handlers failed (they leave the run's status
// alone).
func (s *Sched) HandlersFailed() int { return s.h.failed }

// pipesEnded is called when the last pipe of the run has ended: the run's
// status is decided, and the lifecycle handlers start, one at a time in the
// order of their kinds (those whose kind does not hold for the run are
// skipped at their turn).
func (s *Sched) pipesEnded() {
	if s.h.phase > 0 || len(s.h.nodes) == 0 {
		return
	}
	s.h.phase = 1
	s.h.final = s.view(true)
	if st := s.h.deadline; st != nil && !s.h.fired {
		s.skipHandler(st)
	}
	s.nextHandler()
}

// nextHandler queues the next lifecycle handler whose kind holds once the
// one before has ended, skipping those whose kind does not.
func (s *Sched) nextHandler() {
	if s.h.phase != 1 || s.h.open > 0 || s.h.opening {
		return
	}
	s.h.opening = true // skipping one ends it, which comes back here
	defer func() { s.h.opening = false }()
	for s.h.next < len(s.h.nodes) {
		st := &s.static[s.h.nodes[s.h.next]]
		s.h.next++
		k := st.node.Handler
		switch {
		case k == HandlerDeadline:
			continue // queued at a missed deadline, or skipped when the pipes ended
		case HandlerRuns(k, s.h.final.run.Status, len(s.h.final.run.Failed) > 0):
			s.h.open++
			s.readyHandler(st)
			return
		default:
			s.skipHandler(st)
		}
	}
	s.h.phase = 2 // every lifecycle handler has been queued or skipped
}

// handlerEnded counts a handler's end (finish).
func (s *Sched) handlerEnded(st *nodeState) {
	s.h.pending--
	if st.decided && st.node.Handler != HandlerDeadline {
		s.h.open--
	}
	s.nextHandler()
}

// skipHandler ends a handler whose moment did not come.
func (s *Sched) skipHandler(st *nodeState) {
	st.named()
	st.res.Handler = true
	s.finish(st, StatusSkipped, ReasonTriggerNotMet, nil, cty.NilVal)
}

// readyHandler queues a handler to run. Handlers take no pool slot.
func (s *Sched) readyHandler(st *nodeState) {
	st.named()
	st.res.Handler = true
	st.decided = true
	st.runnableAt = s.now.Sub(s.started)
	if s.want.Has(EventPipeReady) {
		s.obs.Event(Event{Type: EventPipeReady, Time: s.now, Node: st.res.ID, Index: int(st.index), Pipe: st.res.Pipe, Handler: true})
	}
	s.ready.push(st.index)
}

// status is the run's status as the results say so far.
func (s *Sched) status() Status {
	switch {
	case s.cancelled:
		return StatusCancelled
	case s.failed:
		return StatusFailed
	}
	return StatusSucceeded
}

// view makes what handlers read of the run: the live results when every
// pipe has ended (they change no more), else a copy of those that have,
// the others pending.
func (s *Sched) view(final bool) *handlerView {
	v := &handlerView{results: make(map[string]*Result, len(s.static)), insts: map[string][]*Result{}}
	v.run.Ended = final
	if final {
		v.run.Status = s.status()
	}
	take := func(st *nodeState) *Result {
		if final {
			return st.res
		}
		if !st.res.Status.Done() {
			return st.pending()
		}
		r := *st.res
		return &r
	}
	for _, i := range s.order {
		st := &s.static[i]
		if st.isHandler() {
			continue
		}
		r := take(st) // named: done, or pending
		v.results[st.node.ID] = r
		if r.Status == StatusFailed && !r.Allowed {
			v.run.Failed = append(v.run.Failed, r.ID)
		}
		if insts := st.insts(); len(insts) > 0 {
			rs := make([]*Result, len(insts))
			for k, inst := range insts {
				rs[k] = take(inst)
				v.results[inst.res.ID] = rs[k]
				if rs[k].Status == StatusFailed && !rs[k].Allowed {
					v.run.Failed = append(v.run.Failed, rs[k].ID)
				}
			}
			v.insts[st.node.ID] = rs
		}
	}
	return v
}

// handlerView is the view of the handler st.
func (s *Sched) handlerView(st *nodeState) *handlerView {
	if st.node.Handler == HandlerDeadline && s.h.early != nil {
		return s.h.early
	}
	return s.h.final
}

// Run is what a handler sees of the run (RunView); the zero RunView for a
// node that is not a handler. A deadline handler that runs while pipes do
// sees Ended false, and the pipes that had failed when it was queued.
func (in Input) Run() RunView {
	if in.view != nil {
		return in.view.Run()
	}
	if in.s == nil || !in.st.isHandler() {
		return RunView{}
	}
	if v := in.s.handlerView(in.st); v != nil {
		return v.run
	}
	return RunView{}
}

// handlerUpstream is Upstream for a handler: any pipe of the run.
func (in Input) handlerUpstream(id string) (*Result, bool) {
	v := in.s.handlerView(in.st)
	if v == nil {
		return nil, false
	}
	r, ok := v.results[id]
	return r, ok
}

// handlerInstances is Instances for a handler: of any fan-out of the run.
func (in Input) handlerInstances(id string) []*Result {
	if v := in.s.handlerView(in.st); v != nil {
		return v.insts[id]
	}
	return nil
}

// checkHandlers validates the handler nodes of a graph (NewGraph): at most
// one per kind, with no upstreams, no fan-out, steps or pool, and nothing
// depending on them.
func checkHandlers(nodes []Node) error {
	var seen [len(handlerKindNames)]bool
	var ids map[string]bool
	for i := range nodes {
		nd := &nodes[i]
		if nd.Handler == NotHandler {
			continue
		}
		if int(nd.Handler) >= len(handlerKindNames) {
			return fmt.Errorf("node %q: unknown handler kind %d", nd.ID, nd.Handler)
		}
		if seen[nd.Handler] {
			return fmt.Errorf("node %q: a second %s handler", nd.ID, nd.Handler)
		}
		seen[nd.Handler] = true
		if len(nd.Deps) > 0 || nd.Expand != nil || len(nd.Steps) > 0 || nd.Pool != "" {
			return fmt.Errorf("node %q: a handler has no Deps, Expand, Steps or Pool", nd.ID)
		}
		if ids == nil {
			ids = map[string]bool{}
		}
		ids[nd.ID] = true
	}
	if ids == nil {
		return nil
	}
	for i := range nodes {
		for _, d := range nodes[i].Deps {
			if ids[d] {
				return fmt.Errorf("node %q: depends on handler %q (a handler runs after every node)", nodes[i].ID, d)
			}
		}
		for _, m := range nodes[i].Steps {
			if ids[m] {
				return fmt.Errorf("node %q: handler %q cannot be a step", nodes[i].ID, m)
			}
		}
	}
	return nil
}

// IsHandler reports whether the node of in is a handler (Node.Handler).
func (in Input) IsHandler() bool { return in.s != nil && in.st.isHandler() }
