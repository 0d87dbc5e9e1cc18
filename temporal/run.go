package temporal

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
)

// Engine runs pipelines on Temporal workers (dagrun worker): set it as
// dagrun.RunOptions.Engine. A run is one workflow that drives the same
// scheduling core as a local run, each attempt of a pipe an activity; the
// events come back as the local engine sends them, and the result is the one a
// local run gives.
type Engine struct {
	Client client.Client
	// Source is what the workflow loads the pipeline from (NewSource): the
	// pipeline of the runs this engine makes. Nil for a pipeline built in Go
	// (dagrun.New): the workers build it from their registration
	// (WorkerOptions.Pipelines), by its name.
	Source *Source
	// TaskQueue is where the workflow and its pipes are scheduled
	// (DefaultTaskQueue when empty).
	TaskQueue string
	// WorkflowID names the run's workflow; empty: the pipeline's name and
	// the run's id (its record's), else a random suffix.
	WorkflowID string
	// HeartbeatTimeout: see Input.HeartbeatTimeout (DefaultHeartbeatTimeout
	// when 0).
	HeartbeatTimeout time.Duration
	// PollInterval is how often the run's events are fetched (200ms when 0).
	PollInterval time.Duration
	// Started, when set, is called with the workflow id and run id once the
	// workflow has started.
	Started func(workflowID, runID string)
	// Attach, when set, is the workflow of a run already started (by a
	// client that is gone): RunGraph follows it from its first event
	// instead of starting one, and Source may be nil.
	Attach *WorkflowRef
	// DataConverter is the data converter of Client (nil: the SDK's
	// default): when no worker answers for the last events of a run whose
	// workflow has ended, the client replays its history with it.
	DataConverter converter.DataConverter
	// ContinueAfter is how many events a part of the run's workflow
	// history holds before the workflow continues as new (Input.ContinueAfter;
	// 0: DefaultContinueAfter).
	ContinueAfter int
	// Reusable lists the pipes and instances a run that resumes an earlier
	// one (dagrun.RunOptions.Reuse) asks Reuse for: the results it gives
	// are shipped with the workflow's input, which reuses them as a local
	// run does. Empty: every pipe of the pipeline is asked for (for_each
	// instances are known only from a list, such as state.Resume.Reusable).
	Reusable []string
}

// WorkflowRef names a workflow run.
type WorkflowRef struct {
	ID, RunID string
}

// TracesAttempts reports that the workers trace the attempts they run (when
// they have a TracerProvider): a traced run's client opens the pipes' spans
// with ids the workers derive (tracing.PipeSpanID), and each worker opens
// its attempt's span under its pipe's.
func (e *Engine) TracesAttempts() bool { return true }

// RunGraph runs the settled run on Temporal and follows it to the end
// (dagrun.Engine). Cancelling ctx cancels the workflow; RunGraph returns once
// it has ended.
func (e *Engine) RunGraph(ctx context.Context, run dagrun.EngineRun) (*executor.Report, error) {
	if e.Attach != nil {
		return e.follow(ctx, run, e.Client.GetWorkflow(ctx, e.Attach.ID, e.Attach.RunID))
	}
	var in Input
	var err error
	switch {
	case e.Source == nil && run.Pipeline.Config() == nil:
		in, err = e.goInput(run)
	case e.Source == nil || run.Pipeline != e.Source.p:
		return nil, errors.New("temporal: the run's pipeline is not the engine's Source")
	default:
		in, err = e.input(run)
	}
	if err != nil {
		return nil, err
	}
	id := e.WorkflowID
	if id == "" {
		suffix := run.Run.ID
		if suffix == "" {
			var b [6]byte
			_, _ = rand.Read(b[:])
			suffix = hex.EncodeToString(b[:])
		}
		id = run.Pipeline.Name() + "-" + suffix
	}
	wf, err := e.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: in.TaskQueue, Memo: memo(run)}, WorkflowName, in)
	if err != nil {
		return nil, fmt.Errorf("starting the run's workflow: %w", err)
	}
	if e.Started != nil {
		e.Started(wf.GetID(), wf.GetRunID())
	}
	return e.follow(ctx, run, wf)
}

// follow follows the run's workflow to its end, its events to the run's
// observer, and returns the core's report of it.
func (e *Engine) follow(ctx context.Context, run dagrun.EngineRun, wf client.WorkflowRun) (*executor.Report, error) {
	var obs executor.Observers
	if run.Observer != nil {
		obs = executor.Observers{run.Observer}
	}
	f := &follower{c: e.Client, dc: e.DataConverter, id: wf.GetID(), runID: wf.GetRunID(), obs: obs, interval: e.PollInterval, pipeLog: run.PipeLog}
	out, err := f.follow(ctx, wf)
	if err != nil {
		return nil, err
	}
	return f.report(out)
}

// Memo keys of a run's workflow: what `temporal workflow describe` and
// `temporal workflow list` show of it besides its type and id.
const (
	MemoPipeline = "dagrun.pipeline" // the pipeline's name
	MemoRun      = "dagrun.run"      // the run's id, as its record has it ("" when not recorded)
)

func memo(run dagrun.EngineRun) map[string]any {
	return map[string]any{MemoPipeline: run.Pipeline.Name(), MemoRun: run.Run.ID}
}

// RunOptions tune Run. The fields shared with dagrun.RunOptions and Engine
// mean the same.
type RunOptions struct {
	Parallelism int
	FailFast    bool
	Targets     []string
	// Observer receives the run's events, as the local engine sends them
	// (the metrics of the run are one: metrics.ForPipeline).
	Observer executor.Observer
	// Logger, when set, gets one structured record per event.
	Logger *slog.Logger

	TaskQueue        string
	WorkflowID       string
	HeartbeatTimeout time.Duration
	PollInterval     time.Duration
	Started          func(workflowID, runID string)
}

// Run runs the pipeline of src on Temporal: dagrun.Pipeline.Run with an
// Engine of c and src. Like it, pipe failures are in the result; the error is
// non-nil when the run could not start or its workflow failed.
func Run(ctx context.Context, c client.Client, src *Source, opts RunOptions) (*dagrun.Result, error) {
	return src.p.Run(ctx, dagrun.RunOptions{
		Parallelism: opts.Parallelism,
		FailFast:    opts.FailFast,
		Targets:     opts.Targets,
		Observer:    opts.Observer,
		Logger:      opts.Logger,
		Engine: &Engine{Client: c, Source: src, TaskQueue: opts.TaskQueue, WorkflowID: opts.WorkflowID,
			HeartbeatTimeout: opts.HeartbeatTimeout, PollInterval: opts.PollInterval, Started: opts.Started},
	})
}

// follower turns a running workflow into events: it polls EventsQuery until
// the workflow ends, then fetches the rest.
type follower struct {
	c     client.Client
	dc    converter.DataConverter // c's (nil: the default)
	id    string
	runID string // the run's first part's workflow run id (see Continued)
	// current is the workflow run id of the part that answered last
	// (runID until one did): the part a cancellation goes to first.
	current  string
	obs      executor.Observers
	interval time.Duration
	next     int             // index of the next event to fetch
	finished map[string]bool // nodes whose pipe_finished was sent
	ranDone  bool            // run_finished was sent
	// results are the nodes' results their pipe_finished events say, by
	// the node's index (Event.Index).
	results map[int]executor.Result
	// pipeLog, when set, gets what each attempt wrote, before its end is
	// sent (the recorder writes the attempt's closing line on it).
	pipeLog func(pipe string) io.Writer
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
			if err := f.catchUp(context.WithoutCancel(ctx), e.out); err != nil {
				return nil, err
			}
			return e.out, nil
		case <-ctx.Done():
			if !cancelled {
				cancelled = true
				cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
				f.cancel(cctx)
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
		page, earlier, err := f.query(ctx, f.next)
		if err != nil {
			return
		}
		f.take(page.Events)
		f.next += len(page.Events)
		if (!page.More && !earlier) || len(page.Events) == 0 {
			return
		}
	}
}

// query asks the run for its events from index from on: the part of the
// run now running (or the last), which holds its newest events, or, for
// events before that part's first, the earlier part that holds them (a
// part that ended answers by replaying its history on a worker: slower);
// earlier says so (later parts hold more).
func (f *follower) query(ctx context.Context, from int) (page EventPage, earlier bool, err error) {
	ask := func(runID string) (EventPage, error) {
		qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		var page EventPage
		v, err := f.c.QueryWorkflow(qctx, f.id, runID, EventsQuery, from)
		if err == nil {
			err = v.Get(&page)
		}
		return page, err
	}
	// The workflow id's current run: the run's newest part, unless the id
	// was given to another run since (then its first part answers).
	page, err = ask("")
	if err != nil || (page.FirstRunID != f.runID && f.runID != "") {
		if page, err = ask(f.runID); err != nil {
			return page, false, err
		}
	}
	if page.RunID != "" {
		f.current = page.RunID
	}
	if from >= page.First {
		return page, false, nil
	}
	part := ""
	for _, p := range page.Parts {
		if p.First <= from {
			part = p.RunID
		}
	}
	if part == "" {
		return EventPage{}, false, fmt.Errorf("the run's workflow %s: no part holds event %d", f.id, from)
	}
	if page, err = ask(part); err == nil && page.First > from {
		err = fmt.Errorf("the run's workflow %s: its part %s holds events from %d, not %d", f.id, part, page.First, from)
	}
	return page, true, err
}

// cancel cancels the run's workflow: the part that answered last, at once
// (a second Ctrl-C may end the process right after), or, when that part has
// ended meanwhile (it continued as new), the part that runs now.
func (f *follower) cancel(ctx context.Context) {
	cur := f.current
	if cur == "" {
		cur = f.runID
	}
	if f.c.CancelWorkflow(ctx, f.id, cur) == nil {
		return
	}
	if now, err := CurrentRun(ctx, f.c, f.id, f.runID); err == nil && now != cur {
		_ = f.c.CancelWorkflow(ctx, f.id, now)
	}
}

// CurrentRun returns the workflow run id of the part of the run whose first
// part is workflow wfID's run runID that runs now, or ran last: runID but
// in a run that continued as new.
func CurrentRun(ctx context.Context, c client.Client, wfID, runID string) (string, error) {
	desc, err := c.DescribeWorkflowExecution(ctx, wfID, runID)
	if err != nil {
		return "", err
	}
	if desc.GetWorkflowExecutionInfo().GetStatus() != enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW {
		return runID, nil
	}
	latest, err := c.DescribeWorkflowExecution(ctx, wfID, "")
	if err != nil {
		return "", err
	}
	info := latest.GetWorkflowExecutionInfo()
	if info.GetFirstRunId() != runID {
		return "", fmt.Errorf("workflow %s: the run continued as new, and the id now names another run", wfID)
	}
	return info.GetExecution().GetRunId(), nil
}

// take sends events, the next ones of the run: what each attempt wrote to
// its pipe's log, and each node's result kept for the report.
func (f *follower) take(events []Event) {
	for i := range events {
		e := &events[i]
		if e.Log != "" && f.pipeLog != nil {
			if w := f.pipeLog(e.Node); w != nil {
				_, _ = io.WriteString(w, e.Log)
			}
		}
		x := e.executorEvent()
		if e.Type == executor.EventPipeFinished {
			if f.results == nil {
				f.results = map[int]executor.Result{}
			}
			f.results[e.Index] = executor.Result{ID: e.Node, Pipe: e.Pipe, Key: e.Key, Status: e.Status, Reason: e.Reason,
				Attempts: e.Attempt, Output: x.Output, Err: x.Err, Started: e.Started, Finished: e.Finished, Duration: e.Duration,
				Reused: e.Reused, Allowed: e.Allowed, Handler: e.Handler}
		}
		f.send(x)
	}
}

func (f *follower) send(e executor.Event) {
	switch e.Type {
	case executor.EventPipeFinished:
		if f.finished == nil {
			f.finished = map[string]bool{}
		}
		f.finished[e.Node] = true
	case executor.EventRunFinished:
		f.ranDone = true
	}
	f.obs.Event(e)
}

// catchUp sends the events of the run whose workflow ended with out that
// were not sent yet, and its end.
func (f *follower) catchUp(ctx context.Context, out *Output) error {
	f.poll(ctx)
	return f.complete(ctx, out)
}

// complete sends what the last poll could not fetch (the workflow is over,
// and no worker answered the query): the events its history says, replayed
// here, and the run's end if its event was not among them. The
// pipe_finished events carry the results: those it cannot get make an
// error.
func (f *follower) complete(ctx context.Context, out *Output) error {
	var err error
	switch {
	case out.Order == nil && len(out.Pipes) > 0:
		f.completeFrom(out.Pipes) // a worker that sent every result with the output
	case f.next < out.Events:
		if rerr := f.fromHistory(ctx, out); rerr != nil {
			err = fmt.Errorf("the run's workflow %s ended, but no worker answered for its last %d events (of %d), which carry its results, and its history did not give them (%w): attach to it again once a worker runs",
				f.id, out.Events-f.next, out.Events, rerr)
		}
	}
	if !f.ranDone {
		f.send(executor.Event{Type: executor.EventRunFinished, Time: out.Started.Add(out.Duration), Status: out.Status, Duration: out.Duration})
	}
	return err
}

// fromHistory sends the events not sent yet of the run whose workflow ended
// with out, from its history replayed here.
func (f *follower) fromHistory(ctx context.Context, out *Output) error {
	last, err := CurrentRun(ctx, f.c, f.id, f.runID)
	if err != nil {
		return err
	}
	log, err := replayEvents(ctx, f.c, f.dc, f.id, last)
	if err != nil {
		return err
	}
	if log.base+len(log.events) != out.Events {
		return fmt.Errorf("its replay has %d events", log.base+len(log.events))
	}
	// The events of the earlier parts the client lacks, part by part.
	for k, p := range log.parts {
		end := log.base
		if k+1 < len(log.parts) {
			end = log.parts[k+1].First
		}
		if f.next >= end {
			continue
		}
		pl, err := replayEvents(ctx, f.c, f.dc, f.id, p.RunID)
		if err != nil {
			return err
		}
		if pl.base != p.First || f.next < pl.base || pl.base+len(pl.events) != end {
			return fmt.Errorf("its part %s replays events %d to %d, not %d to %d", p.RunID, pl.base, pl.base+len(pl.events), p.First, end)
		}
		f.take(pl.events[f.next-pl.base:])
		f.next = end
	}
	if f.next < log.base {
		return fmt.Errorf("no part of it holds event %d", f.next)
	}
	f.take(log.events[f.next-log.base:])
	f.next = out.Events
	return nil
}

// completeFrom sends the end of every pipe of results whose pipe_finished
// was not sent.
func (f *follower) completeFrom(results []PipeResult) {
	for _, r := range results {
		if f.finished[r.ID] {
			continue
		}
		res, _ := r.executorResult()
		f.send(executor.Event{Type: executor.EventPipeFinished, Time: r.Finished, Node: r.ID, Pipe: r.Pipe, Key: r.Key,
			Attempt: r.Attempts, Status: r.Status, Reason: r.Reason, Duration: r.Duration, Err: res.Err, Output: res.Output,
			Gate: r.Gate, FanOut: r.FanOut, Group: r.Group, Handler: r.Handler})
	}
}

// report is the core's report of a run: how it ended, from the workflow's
// output, and its results, from the pipe_finished events followed, in the
// output's order.
func (f *follower) report(out *Output) (*executor.Report, error) {
	rep := &executor.Report{Status: out.Status, TimedOut: out.TimedOut, Started: out.Started, Duration: out.Duration,
		HandlersFailed: out.HandlersFailed, DeadlinesMissed: out.DeadlinesMissed}
	if out.Order == nil && len(out.Pipes) > 0 {
		rep.Results = make([]executor.Result, 0, len(out.Pipes))
		for _, r := range out.Pipes {
			pr, err := r.executorResult()
			if err != nil {
				return nil, err
			}
			rep.Results = append(rep.Results, pr)
		}
		return rep, nil
	}
	rep.Results = make([]executor.Result, 0, len(out.Order))
	for _, k := range out.Order {
		if k < 0 {
			if -k > len(out.Amended) {
				return nil, fmt.Errorf("the run's workflow %s: result %d of %d amended", f.id, -k, len(out.Amended))
			}
			r, err := out.Amended[-k-1].executorResult()
			if err != nil {
				return nil, err
			}
			rep.Results = append(rep.Results, r)
			continue
		}
		r, ok := f.results[k]
		if !ok {
			return nil, fmt.Errorf("the run's workflow %s: no pipe_finished event for node %d among its events", f.id, k)
		}
		rep.Results = append(rep.Results, r)
	}
	return rep, nil
}

// input is the workflow input of run on e.
func (e *Engine) input(run dagrun.EngineRun) (Input, error) {
	var in Input
	if e.Source != nil {
		in = e.Source.base
	}
	in.Targets = run.Targets
	for _, t := range run.Targets {
		if cfg := run.Pipeline.Config(); cfg != nil {
			if _, ok := cfg.Pipe(t); !ok {
				return in, fmt.Errorf("unknown target %q", t)
			}
		}
	}
	in.Parallelism = run.Parallelism
	in.FailFast = run.FailFast
	in.Timeout = run.Timeout
	in.Deadline = run.Deadline
	in.Run = run.Run
	in.HeartbeatTimeout = e.HeartbeatTimeout
	if in.HeartbeatTimeout <= 0 {
		in.HeartbeatTimeout = DefaultHeartbeatTimeout
	}
	in.ContinueAfter = e.ContinueAfter
	in.TaskQueue = e.TaskQueue
	if in.TaskQueue == "" {
		in.TaskQueue = DefaultTaskQueue
	}
	if run.Reuse != nil {
		ids := e.Reusable
		if len(ids) == 0 {
			ids = run.Pipeline.PipeIDs()
		}
		for _, id := range ids {
			r, ok := run.Reuse(id)
			if !ok {
				continue
			}
			out, err := encodeValue(r.Output)
			if err != nil {
				return in, fmt.Errorf("the output of %s to reuse: %w", id, err)
			}
			in.Reused = append(in.Reused, PipeResult{ID: id, Pipe: r.Pipe, Key: r.Key, Status: r.Status, Attempts: r.Attempts,
				Output: out, Started: r.Started, Finished: r.Finished, Duration: r.Duration})
		}
	}
	return in, nil
}
