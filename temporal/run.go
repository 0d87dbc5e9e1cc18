package temporal

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
)

// RunOptions tune a run on Temporal. The fields shared with dagrun.RunOptions
// mean the same.
type RunOptions struct {
	// Parallelism caps running pipes across all workers: 0 keeps the
	// pipeline's setting, negative is unlimited.
	Parallelism int
	FailFast    bool
	Targets     []string
	// Observer receives the run's events, as the local engine sends them.
	Observer executor.Observer
	// Registerer, when set, gets the SPEC §5 metrics of the run, from the
	// events (what the local engine's apply reports).
	Registerer prometheus.Registerer
	Version    string
	// Logger, when set, gets one structured record per event.
	Logger *slog.Logger

	// TaskQueue is where the workflow and its pipes are scheduled
	// (DefaultTaskQueue when empty).
	TaskQueue string
	// WorkflowID names the run's workflow; empty: the pipeline's name and a
	// random suffix.
	WorkflowID string
	// HeartbeatTimeout: see Input.HeartbeatTimeout (DefaultHeartbeatTimeout
	// when 0).
	HeartbeatTimeout time.Duration
	// PollInterval is how often the run's events are fetched (200ms when 0).
	PollInterval time.Duration
	// Started, when set, is called with the workflow id and run id once the
	// workflow has started.
	Started func(workflowID, runID string)
}

// Run runs the pipeline of src as a Temporal workflow and follows it to the
// end, sending its events to opts.Observer as they happen. Like
// dagrun.Pipeline.Run, pipe failures are in the result; the error is non-nil
// when the run could not start or its workflow failed. Cancelling ctx cancels
// the workflow; Run returns once it has ended.
func Run(ctx context.Context, c client.Client, src *Source, opts RunOptions) (*dagrun.Result, error) {
	p := src.p
	in, err := src.input(opts)
	if err != nil {
		return nil, err
	}

	obs := p.Observers(dagrun.RunOptions{Observer: opts.Observer, Logger: opts.Logger})
	if opts.Registerer != nil {
		col, err := metrics.ForPipeline(opts.Registerer, p.Name(), p.WorkIDs(), opts.Version)
		if err != nil {
			return nil, err
		}
		obs = append(obs, col)
	}

	id := opts.WorkflowID
	if id == "" {
		var b [6]byte
		_, _ = rand.Read(b[:])
		id = p.Name() + "-" + hex.EncodeToString(b[:])
	}
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: in.TaskQueue}, WorkflowName, in)
	if err != nil {
		return nil, fmt.Errorf("starting the run's workflow: %w", err)
	}
	if opts.Started != nil {
		opts.Started(run.GetID(), run.GetRunID())
	}
	f := &follower{c: c, id: run.GetID(), runID: run.GetRunID(), obs: obs, interval: opts.PollInterval}
	out, err := f.follow(ctx, run)
	if err != nil {
		return nil, err
	}
	return result(p, out)
}

// follower turns a running workflow into events: it polls EventsQuery until
// the workflow ends, then fetches the rest.
type follower struct {
	c        client.Client
	id       string
	runID    string
	obs      executor.Observers
	interval time.Duration
	next     int             // index of the next event to fetch
	finished map[string]bool // nodes whose pipe_finished was sent
	ranDone  bool            // run_finished was sent
}

func (f *follower) follow(ctx context.Context, run client.WorkflowRun) (*Output, error) {
	if f.interval <= 0 {
		f.interval = 200 * time.Millisecond
	}
	f.finished = map[string]bool{}
	type ended struct {
		out *Output
		err error
	}
	done := make(chan ended, 1)
	go func() {
		var out Output
		err := run.Get(context.WithoutCancel(ctx), &out)
		done <- ended{&out, err}
	}()
	tick := time.NewTicker(f.interval)
	defer tick.Stop()
	cancelled := false
	for {
		select {
		case e := <-done:
			if e.err != nil {
				return nil, fmt.Errorf("the run's workflow %s failed: %w", f.id, e.err)
			}
			f.poll(context.WithoutCancel(ctx))
			f.complete(e.out)
			return e.out, nil
		case <-ctx.Done():
			if !cancelled {
				cancelled = true
				cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
				_ = f.c.CancelWorkflow(cctx, f.id, f.runID)
				cancel()
			}
			ctx = context.WithoutCancel(ctx)
		case <-tick.C:
			f.poll(ctx)
		}
	}
}

// poll fetches and sends the events recorded since the last poll. A failed
// query (no worker has the workflow yet) is tried again next time.
func (f *follower) poll(ctx context.Context) {
	for {
		qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		v, err := f.c.QueryWorkflow(qctx, f.id, f.runID, EventsQuery, f.next)
		cancel()
		if err != nil {
			return
		}
		var page EventPage
		if err := v.Get(&page); err != nil {
			return
		}
		for _, e := range page.Events {
			f.send(e.executorEvent())
		}
		f.next += len(page.Events)
		if !page.More || len(page.Events) == 0 {
			return
		}
	}
}

func (f *follower) send(e executor.Event) {
	switch e.Type {
	case executor.EventPipeFinished:
		f.finished[e.Node] = true
	case executor.EventRunFinished:
		f.ranDone = true
	}
	f.obs.Event(e)
}

// complete sends what the last poll could not fetch (the workflow is over and
// no worker answered the query): the end of every pipe and of the run.
func (f *follower) complete(out *Output) {
	for _, r := range out.Pipes {
		if f.finished[r.ID] {
			continue
		}
		res, _ := r.executorResult()
		f.send(executor.Event{Type: executor.EventPipeFinished, Time: r.Finished, Node: r.ID, Pipe: r.Pipe, Key: r.Key,
			Attempt: r.Attempts, Status: r.Status, Reason: r.Reason, Duration: r.Duration, Err: res.Err, Output: res.Output,
			Gate: r.Gate, FanOut: r.FanOut, Group: r.Group})
	}
	if !f.ranDone {
		f.send(executor.Event{Type: executor.EventRunFinished, Time: out.Started.Add(out.Duration), Status: out.Status, Duration: out.Duration})
	}
}

// result builds the run's result from the workflow's output, as
// dagrun.Pipeline.Run would have.
func result(p *dagrun.Pipeline, out *Output) (*dagrun.Result, error) {
	rep := &executor.Report{Status: out.Status, TimedOut: out.TimedOut, Started: out.Started, Duration: out.Duration,
		Results: make([]executor.Result, 0, len(out.Pipes))}
	for _, r := range out.Pipes {
		pr, err := r.executorResult()
		if err != nil {
			return nil, err
		}
		rep.Results = append(rep.Results, pr)
	}
	return p.ResultOf(rep), nil
}

// input is the workflow input of a run of s with opts.
func (s *Source) input(opts RunOptions) (Input, error) {
	p := s.p
	in := s.base
	in.Targets = opts.Targets
	for _, t := range opts.Targets {
		if _, ok := p.Config().Pipe(t); !ok {
			return in, fmt.Errorf("unknown target %q", t)
		}
	}
	in.Parallelism = p.Parallelism()
	switch {
	case opts.Parallelism > 0:
		in.Parallelism = opts.Parallelism
	case opts.Parallelism < 0:
		in.Parallelism = 0
	}
	in.FailFast = p.FailFast() || opts.FailFast
	in.Timeout = p.Timeout()
	in.HeartbeatTimeout = opts.HeartbeatTimeout
	if in.HeartbeatTimeout <= 0 {
		in.HeartbeatTimeout = DefaultHeartbeatTimeout
	}
	in.TaskQueue = opts.TaskQueue
	if in.TaskQueue == "" {
		in.TaskQueue = DefaultTaskQueue
	}
	return in, nil
}
