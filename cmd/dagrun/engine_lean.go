//go:build !temporal

package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/state"
)

// temporalBuilt: this build has no Temporal engine (see engine_temporal.go).
const temporalBuilt = false

func runTemporal(*env, *engineFlags, string, *dagrun.Pipeline, dagrun.RunOptions, *runState) (*dagrun.Result, error) {
	return nil, errNoTemporal("--engine temporal")
}

// inspectEngine: a build without the engine cannot ask Temporal.
func inspectEngine(*env, *state.EngineInfo) (*engineState, error) {
	return nil, errors.New("this dagrun is built without the Temporal engine (build it with -tags temporal to ask Temporal)")
}

// attachEngine: a build without the engine cannot attach.
func attachEngine(*env, *state.EngineInfo, func(*dagrun.Pipeline, dagrun.Engine) error) error {
	return errNoTemporal("runs attach")
}

// cancelEngine: a build without the engine cannot cancel a workflow.
func cancelEngine(*env, *state.EngineInfo) error {
	return errNoTemporal("runs cancel of a run on Temporal")
}

// workerCmd is there so that `dagrun worker` says how to get it.
func workerCmd(*env) *cobra.Command {
	var t temporalFlags
	c := &cobra.Command{
		Use:   "worker",
		Short: "Run pipes of pipelines started with apply --engine temporal (needs a build with -tags temporal)",
		Long: `Run pipes of pipelines started with apply --engine temporal, on this host.

This dagrun is built without the Temporal engine, so it has no worker; build
one with: go build -tags temporal ./cmd/dagrun (see docs/distributed.md).`,
		Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			for _, a := range args {
				if a == "--" {
					break
				}
				if a == "-h" || a == "--help" {
					return c.Help()
				}
			}
			return errNoTemporal("dagrun worker")
		},
	}
	t.add(c)
	c.DisableFlagParsing = true
	return c
}
