package bind

import (
	"fmt"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
)

// handler makes n, bound from the handler block cp, the core's handler of
// its kind.
func handler(n *executor.Node, cp *dhcl.Pipe) error {
	kind, ok := executor.ParseHandlerKind(cp.Handler)
	if !ok {
		return fmt.Errorf("handler %q: unknown kind", cp.Handler)
	}
	n.Handler, n.Deps, n.Deadline = kind, nil, 0
	return nil
}

// withRun is rc as the node of in reads it: a handler's has the run's status
// and failed pipes (run.status, run.failed).
func withRun(rc dhcl.RunContext, in executor.Input) dhcl.RunContext {
	if !in.IsHandler() {
		return rc
	}
	v := in.Run()
	rc.Status, rc.Failed = RunStatus(v), v.Failed
	return rc
}

// RunStatus is run.status of a handler that sees v: the run's status once
// its pipes have ended, "running" before.
func RunStatus(v executor.RunView) string {
	if !v.Ended {
		return "running"
	}
	return v.Status.String()
}
