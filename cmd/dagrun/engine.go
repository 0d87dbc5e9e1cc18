package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/temporal"
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
		if f.temporal.address == "" {
			return usageError("--engine temporal needs --temporal-address HOST:PORT")
		}
		return nil
	}
	return usageError("--engine %q: want local or temporal", f.name)
}

// run runs p with opts on the chosen engine.
func (f *engineFlags) run(e *env, path string, p *dagrun.Pipeline, opts dagrun.RunOptions) (*dagrun.Result, error) {
	ctx := e.ctx
	if f.name != "temporal" {
		return p.Run(ctx, opts)
	}
	if opts.Reuse != nil {
		return nil, errors.New("--resume is not supported with --engine temporal")
	}
	src, err := temporal.NewSource(path, p)
	if err != nil {
		return nil, err
	}
	c, err := f.temporal.dial(ctx, e.stderr)
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) && ee.err != nil {
			return nil, ee.err
		}
		return nil, err
	}
	defer c.Close()
	return temporal.Run(ctx, c, src, temporal.RunOptions{
		Parallelism: opts.Parallelism,
		FailFast:    opts.FailFast,
		Targets:     opts.Targets,
		Observer:    opts.Observer,
		Registerer:  opts.Registerer,
		Version:     opts.Version,
		Logger:      opts.Logger,
		TaskQueue:   f.temporal.taskQueue,
		Started: func(id, run string) {
			fmt.Fprintf(e.stderr, "temporal: started workflow %s (run %s) on task queue %s\n", id, run, f.temporal.taskQueue)
		},
	})
}
