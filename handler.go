package dagrun

import (
	"time"

	"github.com/dagrun/dagrun/executor"
)

// HandlerKind says when a handler of the run runs (see Handler).
type HandlerKind = executor.HandlerKind

// Handler kinds: after every pipe has ended, when the run succeeded,
// failed or was cancelled, then the exit handler whatever its status; the
// deadline handler when a deadline is missed, while the run goes on.
const (
	HandlerSuccess  = executor.HandlerSuccess
	HandlerFailure  = executor.HandlerFailure
	HandlerCancel   = executor.HandlerCancel
	HandlerExit     = executor.HandlerExit
	HandlerDeadline = executor.HandlerDeadline
)

// RunView is what a handler sees of its run (Inputs.Run).
type RunView = executor.RunView

// Handler makes the pipe a handler of the run of kind k, as a `handler`
// block is: it has no dependencies (DependsOn is an error), it reads any
// pipe (Inputs.Upstream) and the run (Inputs.Run), it runs also after the
// run was cancelled or timed out, and its failure leaves the run's status
// alone. At most one handler of each kind.
func Handler(k HandlerKind) PipeOption { return func(n *executor.Node) { n.Handler = k } }

// Deadline is when the pipe should have ended, from the run's start: past
// it, the deadline is missed (an executor.EventDeadlineMissed, and the
// deadline handler runs); the pipe goes on.
func Deadline(d time.Duration) PipeOption { return func(n *executor.Node) { n.Deadline = d } }

// Run is what a handler sees of the run: its status once its pipes have
// ended, and the pipes that failed. The zero RunView for a pipe that is not
// a handler.
func (in Inputs) Run() RunView { return in.in.Run() }
