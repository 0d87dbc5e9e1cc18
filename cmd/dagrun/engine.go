package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/state"
)

// engineFlags choose where apply runs the pipes: in this process (local) or on
// Temporal workers (dagrun worker), with the same views, metrics and exit codes.
type engineFlags struct {
	name     string
	temporal temporalFlags
	// attach: follow the run of this pipeline whose client is gone, when
	// its workflow still runs, instead of starting another.
	attach bool
}

func (f *engineFlags) add(c *cobra.Command) {
	c.Flags().BoolVar(&f.attach, "attach", false, "with --engine temporal: when a run of this pipeline whose client is gone still runs on Temporal, follow it (as runs attach) instead of starting another")
	c.Flags().StringVar(&f.name, "engine", "local", "where pipes run: local (this process) or temporal (dagrun worker processes; see docs/distributed.md)")
	f.temporal.add(c)
}

func (f *engineFlags) check() error {
	switch f.name {
	case "local":
		return nil
	case "temporal":
		if !temporalBuilt {
			return errNoTemporal("--engine temporal")
		}
		if f.temporal.address == "" {
			return usageError("--engine temporal needs --temporal-address HOST:PORT")
		}
		return f.temporal.tls.check()
	}
	return usageError("--engine %q: want local or temporal", f.name)
}

// run runs p with opts on the chosen engine; rs (nil: none) records where
// an engine other than the local one runs it.
func (f *engineFlags) run(e *env, path string, p *dagrun.Pipeline, opts dagrun.RunOptions, rs *runState) (*dagrun.Result, error) {
	ctx := e.ctx
	if f.name != "temporal" {
		return p.Run(ctx, opts)
	}
	return runTemporal(e, f, path, p, opts, rs)
}

// engineState is what another engine says of a run whose client is gone.
type engineState struct {
	status  string // the engine's word for the run's state (Temporal: Running, Completed, ...)
	running bool
	events  []executor.Event // the run's events so far, errors redacted
}

// askEngine puts what the engine says of a run whose recording process is
// gone (its record says aborted) in place of the record's own account, and
// returns a line saying so; "" for a run on the local engine, or one whose
// engine cannot be asked (why goes to stderr).
func (e *env) askEngine(run *state.Run) string {
	s := &run.Summary
	if s.Engine == nil || s.Status != state.StatusAborted {
		return ""
	}
	st, err := inspectEngine(e, s.Engine)
	if err != nil {
		fmt.Fprintf(e.stderr, "warning: run %s: its client is gone, and its workflow %s could not be asked about: %v\n", s.ID, s.Engine.WorkflowID, err)
		return ""
	}
	run.Overlay(st.events, func(v string) string { return v })
	if st.running {
		return fmt.Sprintf("%s on %s (the client that started it is gone; this is what the workflow says)", st.status, s.Engine.Name)
	}
	return fmt.Sprintf("%s on %s (the client that started it is gone; the record has the workflow's account)", st.status, s.Engine.Name)
}

// orphanRun finds the latest run of the pipeline at path, in the state
// directory dir, whose client is gone while its workflow still runs: ""
// when there is none (or Temporal cannot say).
func (e *env) orphanRun(dir, path string, p *dagrun.Pipeline) string {
	runs, err := state.Open(dir).Runs()
	if err != nil {
		return ""
	}
	abs, _ := filepath.Abs(path)
	for i := len(runs) - 1; i >= 0; i-- {
		s := &runs[i]
		if s.Pipeline != p.Name() || (s.Path != "" && s.Path != abs) || s.Engine == nil || s.Status != state.StatusAborted {
			continue
		}
		if st, err := inspectEngine(e, s.Engine); err == nil && st.running {
			return s.ID
		}
		return "" // the latest orphan has ended: nothing to follow
	}
	return ""
}

// errNoTemporal is the usage error of what needs the Temporal engine in a
// build without it.
func errNoTemporal(what string) error {
	return usageError("%s: this dagrun is built without the Temporal engine; build it with `go build -tags temporal ./cmd/dagrun` (see docs/distributed.md)", what)
}
