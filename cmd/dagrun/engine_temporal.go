//go:build temporal

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/state"
	"github.com/dagrun/dagrun/temporal"
)

// temporalBuilt: this build has the Temporal engine (apply --engine temporal,
// dagrun worker). Without the temporal build tag the binary leaves the
// Temporal SDK out: half the size, and 9 MB less memory at rest.
const temporalBuilt = true

// runTemporal runs p on Temporal workers: Pipeline.Run with the Temporal
// engine, so the run is settled as a local one is.
func runTemporal(e *env, f *engineFlags, path string, p *dagrun.Pipeline, opts dagrun.RunOptions, rs *runState) (*dagrun.Result, error) {
	ctx := e.ctx
	if opts.UpToDate != nil && !opts.UpToDate.Force {
		return nil, dagrun.ErrUpToDateEngine // before connecting: Run would refuse it too
	}
	src, err := temporal.NewSource(path, p)
	if err != nil {
		return nil, err
	}
	after, err := continueAfterFromEnv()
	if err != nil {
		return nil, err
	}
	c, dc, err := f.temporal.dialConverter(ctx, e.stderr)
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) && ee.err != nil {
			return nil, ee.err
		}
		return nil, err
	}
	defer c.Close()
	opts.Engine = &temporal.Engine{
		Client:        c,
		DataConverter: dc,
		Source:        src,
		TaskQueue:     f.temporal.taskQueue,
		ContinueAfter: after,
		Reusable:      rs.reusableIDs(),
		Started: func(id, run string) {
			fmt.Fprintf(e.stderr, "temporal: started workflow %s (run %s) on task queue %s\n", id, run, f.temporal.taskQueue)
			rs.recordEngine(state.EngineInfo{Name: "temporal", Address: f.temporal.address, Namespace: f.temporal.namespace,
				TaskQueue: f.temporal.taskQueue, WorkflowID: id, RunID: run})
			if rs != nil && rs.rec != nil {
				n := fmt.Sprintf("detached: workflow %s goes on without this client (cancelled, as the first %s asked); follow it to its end with: dagrun runs attach %s%s",
					id, signalName(os.Interrupt), rs.runID(), rs.runsArgs())
				detachNotice.Store(&n)
			}
		},
	}
	defer detachNotice.Store(nil)
	return p.Run(ctx, opts)
}

// continueAfterEnv sets how many events a part of a run's workflow history
// holds before it continues as new (temporal.Input.ContinueAfter).
const continueAfterEnv = "DAGRUN_TEMPORAL_CONTINUE_AFTER"

// continueAfterFromEnv is continueAfterEnv's value (0: unset).
func continueAfterFromEnv() (int, error) {
	v := strings.TrimSpace(os.Getenv(continueAfterEnv))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 100 || n > 40000 {
		return 0, usageError("%s=%q: want a number of events from 100 to 40000", continueAfterEnv, v)
	}
	return n, nil
}

// recordedClient connects to the Temporal service a run's record names,
// with the connection's security and keys from the environment (the runs
// commands have no flags for them), and returns the client's data converter.
func recordedClient(ctx context.Context, e *env, info *state.EngineInfo) (client.Client, converter.DataConverter, error) {
	t := temporalFlags{address: info.Address, namespace: info.Namespace, tls: temporalTLSFromEnv(), encryptionKeys: encryptionKeysFromEnv()}
	return t.dialConverter(ctx, e.stderr)
}

// inspectEngine asks Temporal about the workflow of a run whose client is
// gone (runs show): its status and its events so far.
func inspectEngine(e *env, info *state.EngineInfo) (*engineState, error) {
	ctx, cancel := context.WithTimeout(e.ctx, 30*time.Second)
	defer cancel()
	c, dc, err := recordedClient(ctx, e, info)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	insp, err := temporal.Inspect(ctx, c, dc, info.WorkflowID, info.RunID)
	if err != nil {
		return nil, err
	}
	return &engineState{status: insp.Status, running: insp.Running, events: insp.Events}, nil
}

// attachEngine dials the run's Temporal service, loads the run's pipeline
// from its workflow's input, and calls run with it and an engine that
// follows the workflow.
func attachEngine(e *env, info *state.EngineInfo, run func(*dagrun.Pipeline, dagrun.Engine) error) error {
	c, dc, err := recordedClient(e.ctx, e, info)
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(e.ctx, 30*time.Second)
	p, err := temporal.LoadRun(ctx, c, dc, info.WorkflowID, info.RunID, nil)
	cancel()
	if err != nil {
		return &exitError{code: exitFailed, err: err}
	}
	return run(p, &temporal.Engine{Client: c, DataConverter: dc, Attach: &temporal.WorkflowRef{ID: info.WorkflowID, RunID: info.RunID}})
}

// cancelEngine cancels the workflow of a run on Temporal.
func cancelEngine(e *env, info *state.EngineInfo) error {
	ctx, cancel := context.WithTimeout(e.ctx, 30*time.Second)
	defer cancel()
	c, _, err := recordedClient(ctx, e, info)
	if err != nil {
		return err
	}
	defer c.Close()
	cur, err := temporal.CurrentRun(ctx, c, info.WorkflowID, info.RunID)
	if err != nil {
		return fmt.Errorf("cancelling workflow %s: %w", info.WorkflowID, err)
	}
	if err := c.CancelWorkflow(ctx, info.WorkflowID, cur); err != nil {
		return fmt.Errorf("cancelling workflow %s: %w", info.WorkflowID, err)
	}
	return nil
}
