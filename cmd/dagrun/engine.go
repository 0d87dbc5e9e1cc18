package main

import (
	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
)

// engineFlags choose where apply runs the pipes: in this process (local) or on
// Temporal workers (dagrun worker), with the same views, metrics and exit codes.
type engineFlags struct {
	name     string
	temporal temporalFlags
}

func (f *engineFlags) add(c *cobra.Command) {
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
		return nil
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

// errNoTemporal is the usage error of what needs the Temporal engine in a
// build without it.
func errNoTemporal(what string) error {
	return usageError("%s: this dagrun is built without the Temporal engine; build it with `go build -tags temporal ./cmd/dagrun` (see docs/distributed.md)", what)
}
