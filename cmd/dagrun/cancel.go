package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun/state"
)

// cancelCmd is `runs cancel RUN [PATH]`: stop a run from anywhere.
func cancelCmd(e *env, f *runsFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "cancel RUN [PATH]",
		Short: "Cancel a run in progress: its Temporal workflow, or the local process running it",
		Long: `Cancel a run in progress, as a first Ctrl-C of its apply would: a run on
the Temporal engine has its workflow cancelled (its client, if still there,
sees the run end cancelled; a run whose client is gone can then be followed
with runs attach); a run on the local engine gets SIGINT in the process
that runs it (on this host).`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(c *cobra.Command, args []string) error {
			f.path = optionalArg(args, 1)
			return e.runsCancel(f, args[0])
		},
	}
}

func (e *env) runsCancel(f *runsFlags, ref string) error {
	_, run, err := e.recordedRun(f, ref)
	if err != nil {
		return err
	}
	s := run.Summary
	switch {
	case s.Engine != nil && (s.Status == state.StatusRunning || s.Status == state.StatusAborted):
		if err := cancelEngine(e, s.Engine); err != nil {
			return &exitError{code: exitFailed, err: err}
		}
		fmt.Fprintf(e.stdout, "cancelled run %s: workflow %s (run %s) on %s\n", s.ID, s.Engine.WorkflowID, s.Engine.RunID, s.Engine.Name)
		return nil
	case s.Status == state.StatusRunning:
		p, err := os.FindProcess(s.PID)
		if err == nil {
			err = p.Signal(os.Interrupt)
		}
		if err != nil {
			return &exitError{code: exitFailed, err: fmt.Errorf("run %s: signalling its process %d: %w", s.ID, s.PID, err)}
		}
		fmt.Fprintf(e.stdout, "cancelled run %s: sent SIGINT to its process %d\n", s.ID, s.PID)
		return nil
	}
	return usageError("run %s is %s: only a run in progress can be cancelled", s.ID, s.Status)
}
