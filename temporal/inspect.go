package temporal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/pipes"
)

// Inspection is what Temporal says of a run's workflow: for a run whose
// client is gone, the truth its record lacks.
type Inspection struct {
	// Status is the workflow's execution status as Temporal names it:
	// Running, Completed, Failed, Canceled, Terminated, ContinuedAsNew,
	// TimedOut.
	Status string
	// Running: the workflow has not closed.
	Running bool
	// Events are the run's events so far, as the client that started it
	// received them (every pipe's end and the run's once it closed), with
	// errors redacted as the pipeline says.
	Events []executor.Event
}

// Inspect asks Temporal about the workflow wfID (run runID) of a run: its
// status, and its events from the workflow (a query, answered by a
// worker), or, once it has completed and no worker answers, from its
// history, replayed here. The pipeline is loaded from the workflow's input,
// without reading the host, to redact the events' errors.
//
// dc is the data converter of c (DataConverter; nil: the SDK's default).
func Inspect(ctx context.Context, c client.Client, dc converter.DataConverter, wfID, runID string) (*Inspection, error) {
	cur, err := CurrentRun(ctx, c, wfID, runID)
	if err != nil {
		return nil, fmt.Errorf("workflow %s: %w", wfID, err)
	}
	desc, err := c.DescribeWorkflowExecution(ctx, wfID, cur)
	if err != nil {
		return nil, fmt.Errorf("workflow %s: %w", wfID, err)
	}
	info := desc.GetWorkflowExecutionInfo()
	st := info.GetStatus()
	insp := &Inspection{Status: statusName(st), Running: st == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING}
	redact, err := redactorOf(ctx, c, dc, wfID, runID)
	if err != nil {
		return nil, err
	}
	var obs collect
	f := &follower{c: c, dc: dc, id: wfID, runID: runID, obs: executor.Observers{&obs}, finished: map[string]bool{}}
	if st == enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
		var out Output
		if err := c.GetWorkflow(ctx, wfID, runID).Get(ctx, &out); err != nil {
			return nil, fmt.Errorf("workflow %s: %w", wfID, err)
		}
		// What neither a worker nor the history gives is left out (a run
		// of a pipeline built in Go replays only on its workers).
		_ = f.catchUp(ctx, &out)
	} else {
		f.poll(ctx)
	}
	for _, e := range obs {
		if e.Err != nil {
			e.Err = errors.New(redact(e.Err.Error()))
		}
		insp.Events = append(insp.Events, e)
	}
	return insp, nil
}

type collect []executor.Event

func (c *collect) Event(e executor.Event) { *c = append(*c, e) }

// redactorOf loads the run's pipeline from the workflow's input, as a
// worker does, for its Redact.
func redactorOf(ctx context.Context, c client.Client, dc converter.DataConverter, wfID, runID string) (func(string) string, error) {
	in, started, err := workflowInput(ctx, c, dc, wfID, runID)
	if err != nil {
		return nil, err
	}
	cfg, err := loadInput(pipes.Builtins(), in, func() time.Time { return started })
	if err != nil {
		return nil, fmt.Errorf("workflow %s: its pipeline: %w", wfID, err)
	}
	return cfg.Redact, nil
}

// LoadRun loads the pipeline of the run of workflow wfID (run runID) from
// what its input ships, reading nothing of the host: the pipeline a client
// that attaches to the run follows it with. dc is the data converter of c
// (nil: the SDK's default); types are the pipe types (nil: the built-in
// ones).
func LoadRun(ctx context.Context, c client.Client, dc converter.DataConverter, wfID, runID string, types *pipes.Registry) (*dagrun.Pipeline, error) {
	in, started, err := workflowInput(ctx, c, dc, wfID, runID)
	if err != nil {
		return nil, err
	}
	if types == nil {
		types = pipes.Builtins()
	}
	return dagrun.LoadFiles(in.Dir, in.Name, in.Files, inputLoadOptions(types, in, func() time.Time { return started }))
}

// workflowInput is the input a run's workflow was started with, and when.
func workflowInput(ctx context.Context, c client.Client, dc converter.DataConverter, wfID, runID string) (Input, time.Time, error) {
	var in Input
	if dc == nil {
		dc = converter.GetDefaultDataConverter()
	}
	it := c.GetWorkflowHistory(ctx, wfID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	if !it.HasNext() {
		return in, time.Time{}, fmt.Errorf("workflow %s: no history", wfID)
	}
	first, err := it.Next()
	if err != nil {
		return in, time.Time{}, fmt.Errorf("workflow %s: %w", wfID, err)
	}
	attrs := first.GetWorkflowExecutionStartedEventAttributes()
	if attrs == nil || len(attrs.GetInput().GetPayloads()) == 0 {
		return in, time.Time{}, fmt.Errorf("workflow %s: not a run of dagrun (no input)", wfID)
	}
	if attrs.GetWorkflowType().GetName() != WorkflowName {
		return in, time.Time{}, fmt.Errorf("workflow %s is a %s, not a run of dagrun", wfID, attrs.GetWorkflowType().GetName())
	}
	if err := dc.FromPayload(attrs.GetInput().GetPayloads()[0], &in); err != nil {
		return in, time.Time{}, fmt.Errorf("workflow %s: its input: %w", wfID, err)
	}
	return in, first.GetEventTime().AsTime(), nil
}

func statusName(s enumspb.WorkflowExecutionStatus) string {
	switch s {
	case enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING:
		return "Running"
	case enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED:
		return "Completed"
	case enumspb.WORKFLOW_EXECUTION_STATUS_FAILED:
		return "Failed"
	case enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED:
		return "Canceled"
	case enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED:
		return "Terminated"
	case enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW:
		return "ContinuedAsNew"
	case enumspb.WORKFLOW_EXECUTION_STATUS_TIMED_OUT:
		return "TimedOut"
	}
	return s.String()
}

// replayEvents replays the history of the ended workflow wfID (run runID)
// in this process, as a worker does to answer a query once a workflow has
// ended, and returns the run's events: what a client whose query no worker
// answers still has. dc is the data converter of c (nil: the SDK's
// default). A run of a pipeline built in Go needs its registration, which
// only its workers have: it is not replayed here.
func replayEvents(ctx context.Context, c client.Client, dc converter.DataConverter, wfID, runID string) (*eventLog, error) {
	if dc == nil {
		dc = converter.GetDefaultDataConverter()
	}
	hist := &historypb.History{}
	it := c.GetWorkflowHistory(ctx, wfID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("the history of workflow %s: %w", wfID, err)
		}
		hist.Events = append(hist.Events, ev)
	}
	// No deadlock detection: loading a large pipeline takes more than the
	// SDK's default second on a busy machine, and here no server waits.
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{DataConverter: dc, DisableDeadlockDetection: true})
	if err != nil {
		return nil, err
	}
	var log *eventLog
	r.RegisterWorkflowWithOptions(func(ctx workflow.Context, in Input) (*Output, error) {
		if in.Go != nil {
			return nil, fmt.Errorf("a run of the pipeline %q built in Go replays only on its workers", in.Name)
		}
		return runWorkflowKeeping(ctx, pipes.Builtins(), in, func(l *eventLog) { log = l })
	}, workflow.RegisterOptions{Name: WorkflowName})
	quiet := tlog.NewStructuredLogger(slog.New(slog.DiscardHandler))
	if err := r.ReplayWorkflowHistoryWithOptions(quiet, hist, worker.ReplayWorkflowHistoryOptions{
		OriginalExecution: workflow.Execution{ID: wfID, RunID: runID},
	}); err != nil {
		return nil, fmt.Errorf("replaying workflow %s: %w", wfID, err)
	}
	if log == nil {
		return nil, fmt.Errorf("replaying workflow %s: no run", wfID)
	}
	return log, nil
}
