package executor

import "time"

// Continuation makes a run the next part of a run that an earlier Sched
// began (Options.Continue): an engine that cannot keep one core for a whole
// run, such as a Temporal workflow that continues as new before its history
// grows too long, hands the state of the part that ends (Sched.Carry) to the
// core of the next. The run goes on as if it had never stopped: what ended
// stays ended as it did, and what had not started starts when its rule says.
type Continuation struct {
	// Started is when the run started (its first part's Begin).
	Started time.Time
	// State is asked for every node of the run (groups and lifecycle
	// handlers aside; every fan-out instance once made) for the state the
	// earlier parts left it in: a result that is done (Status.Done) is the
	// node's, as it was, and the node does not run; one that is not done
	// but has Attempts is a node that made that many attempts and waits
	// for its next (Started, Output and Err as its last attempt left them),
	// or, with PollSince, a sensor between two polls of its attempt.
	// Fan-outs and composites are not asked: they expand and open again,
	// and end with their members.
	State func(id string) (NodeState, bool)
	// DeadlinesPassed is how many of the run's deadlines (Deadlines, in
	// their order) the earlier parts saw pass, DeadlinesMissed how many of
	// those were missed: they are not checked again.
	DeadlinesPassed int
	DeadlinesMissed int
	// DeadlineHandlerFired: a missed deadline queued the deadline handler
	// (its result, or the attempts it made, come from State).
	DeadlineHandlerFired bool
}

// NodeState is the state of a node that a run carries over to its next part
// (Carry, Continuation.State).
type NodeState struct {
	Result Result
	// PollSince is, for a sensor between two polls of its attempt, when
	// the attempt's first poll started (zero otherwise).
	PollSince time.Time
}

// Carry returns what the next part of the run needs (Continuation), and
// calls keep with the state of each node and instance that has one (it
// ended, or made attempts), groups aside, in the order of the run's
// results: with outputRead false when no node will read its output any
// more (its dependents have all ended), so that a driver may leave the
// output out of what it carries. It returns false, and calls nothing, when
// the run cannot be carried over now: a step holds a slot, a node waits out
// a back-off or the interval between two polls, the run is stopping, or the
// lifecycle handlers have started (the driver lets those end first).
func (s *Sched) Carry(keep func(st NodeState, outputRead bool)) (Continuation, bool) {
	if s.running > 0 || len(s.backoff) > 0 || s.stopping || s.h.phase > 0 {
		return Continuation{}, false
	}
	c := Continuation{Started: s.started, DeadlinesMissed: s.h.missed, DeadlineHandlerFired: s.h.fired}
	c.DeadlinesPassed = s.h.all - len(s.h.deadlines)
	// Handlers read any pipe's output: with one in the pipeline, every
	// output is kept.
	handlers := len(s.h.nodes) > 0
	read := func(st *nodeState) bool {
		if handlers {
			return true
		}
		if p := st.parent(); p != nil {
			for _, succ := range st.x.succs {
				if !succ.res.Status.Done() || succ.isGroup() {
					return true
				}
			}
			st = p // what depends on the fan-out reads its instances' outputs
		}
		for _, k := range s.g.c.Successors(int(st.static)) {
			// A group is made again by the next part: its expansion or
			// condition reads its upstreams again.
			if succ := &s.static[k]; !succ.res.Status.Done() || succ.isGroup() {
				return true
			}
		}
		return false
	}
	take := func(st *nodeState) {
		if st.isGroup() || (st.isHandler() && st.node.Handler != HandlerDeadline) {
			return
		}
		if r := st.res; r.Status.Done() || r.Attempts > 0 {
			keep(NodeState{Result: *r, PollSince: s.pollSince(st.index)}, !r.Status.Done() || read(st))
		}
	}
	for _, i := range s.order {
		st := &s.static[i]
		take(st)
		for _, inst := range st.insts() {
			take(inst)
		}
	}
	return c, true
}

// restoreResult gives a node the state an earlier part of the run left it
// in (Continuation.State): ended as it did, or waiting for the attempt
// after the ones it made.
func (s *Sched) restoreResult(st *nodeState, ns NodeState) {
	prev := ns.Result
	st.named()
	prev.ID, prev.Pipe, prev.Key = st.res.ID, st.res.Pipe, st.res.Key
	if st.isHandler() {
		prev.Handler = true
	}
	if !prev.Status.Done() {
		if prev.Attempts > 0 {
			prev.Status, prev.Reason, prev.Finished, prev.Duration = StatusPending, "", time.Time{}, 0
			*st.res = prev
		}
		if !ns.PollSince.IsZero() {
			if s.polls == nil {
				s.polls = map[int32]time.Time{}
			}
			s.polls[st.index] = ns.PollSince // its next poll goes on with the attempt
		}
		return
	}
	if prev.Finished.IsZero() {
		prev.Finished = s.now
	}
	*st.res = prev
	if prev.Status == StatusFailed && !prev.Allowed && !st.isHandler() {
		s.failed = true
	}
	s.finish(st, prev.Status, prev.Reason, prev.Err, prev.Output)
}

// continueRun begins a run that continues an earlier part (Begin): the
// deadlines seen pass are dropped, and every node is given its state.
func (s *Sched) continueRun() {
	c := s.cont
	s.started = c.Started
	n := c.DeadlinesPassed
	if n > len(s.h.deadlines) {
		n = len(s.h.deadlines)
	}
	s.h.deadlines = s.h.deadlines[n:]
	s.h.missed, s.h.fired = c.DeadlinesMissed, c.DeadlineHandlerFired
	for _, i := range s.g.order {
		st := &s.static[i]
		if st.isGroup() || (st.isHandler() && st.node.Handler != HandlerDeadline) {
			continue
		}
		if st.isHandler() && !c.DeadlineHandlerFired {
			continue
		}
		s.earlier(st, st.node.ID)
	}
	if st := s.h.deadline; st != nil && c.DeadlineHandlerFired && !st.res.Status.Done() {
		// Queued by an earlier part, and waiting for an attempt: it
		// runs again, seeing the pipes as they are now.
		s.h.early = s.view(false)
		s.readyHandler(st)
	}
}
