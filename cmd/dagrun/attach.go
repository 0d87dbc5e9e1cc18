package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/state"
)

// attachCmd is `runs attach RUN [PATH]`: follow again a run whose client is
// gone while its engine ran on.
func attachCmd(e *env, f *runsFlags) *cobra.Command {
	var noColor bool
	c := &cobra.Command{
		Use:   "attach RUN [PATH]",
		Short: "Follow a run on the Temporal engine whose client is gone, to its end, and complete its record",
		Long: `Follow a run on the Temporal engine whose client is gone (killed, or its
machine lost: its record says aborted) from its workflow: every event of the
run from its start, then live, in the view apply shows, until the workflow
ends; the run's record is completed as apply would have completed it, and
the exit code is apply's. Ctrl-C cancels the workflow, as in apply.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(c *cobra.Command, args []string) error {
			f.path = optionalArg(args, 1)
			return e.runsAttach(f, args[0], noColor)
		},
	}
	c.Flags().BoolVar(&noColor, "no-color", false, "no colour in the live view")
	return c
}

func (e *env) runsAttach(f *runsFlags, ref string, noColor bool) error {
	store, run, err := e.recordedRun(f, ref)
	if err != nil {
		return err
	}
	s := run.Summary
	switch {
	case s.Engine == nil:
		return usageError("run %s ran on the local engine, in the process that recorded it: there is nothing to attach to", s.ID)
	case s.Status != state.StatusAborted:
		return usageError("run %s is %s: only a run whose client is gone can be attached to", s.ID, s.Status)
	}
	return attachEngine(e, s.Engine, func(p *dagrun.Pipeline, engine dagrun.Engine) error {
		rec, err := store.Reattach(s.ID, p.Redact)
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		var view view
		if f.output == "json" {
			jv := newJSONView(e.stdout, p)
			jv.runID = s.ID
			view = jv
		} else {
			view = e.humanView(p, noColor)
		}
		fmt.Fprintf(e.stderr, "attached to run %s: workflow %s (run %s)\n", s.ID, s.Engine.WorkflowID, s.Engine.RunID)
		opts := rec.Options(dagrun.RunOptions{Observer: executor.Observers{&runningAttempts, view}, Engine: engine})
		res, err := p.Run(e.ctx, opts)
		if ferr := rec.Finish(res, err); ferr != nil {
			fmt.Fprintf(e.stderr, "warning: %v\n", ferr)
		}
		if err != nil {
			return &exitError{code: exitFailed, err: err}
		}
		view.finish(res)
		switch {
		case res.Status == executor.StatusCancelled && e.ctx.Err() != nil:
			return exitCode(exitInterrupted)
		case res.Status != executor.StatusSucceeded, res.OutputDiagnostics.HasErrors():
			return exitCode(exitFailed)
		}
		return nil
	})
}
