package server

import (
	"slices"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/schedule"
)

// Run statuses besides the final ones of a run (succeeded, failed, cancelled).
const (
	StatusQueued  = "queued"  // waiting for the running runs of its pipeline (overlap = "queue")
	StatusRunning = "running" // in progress
)

// Pipe statuses besides the final ones (succeeded, failed, skipped,
// cancelled); the same words as the run state of `dagrun runs`.
const (
	PipePending  = "pending"
	PipeRunning  = "running"
	PipeRetrying = "retrying"
)

// record is what the server knows of one run: kept in memory while the
// process lives (the last keepFinished finished runs of each pipeline).
type record struct {
	mu       sync.Mutex
	id       string
	pipeline string
	schedule string
	due      time.Time
	status   string
	started  time.Time
	finished time.Time
	err      string
	stateID  string
	pipes    []*pipeRecord
	byPipe   map[string]*pipeRecord
	redact   func(string) string
	// traceParent is the span the run continues (an API request's), if any.
	traceParent trace.SpanContext
}

type pipeRecord struct {
	ID       string
	Path     string
	Status   string
	Reason   string
	Attempts int
	Started  time.Time
	Duration time.Duration
	Error    string
}

func newRecord(r schedule.Run, p *dagrun.Pipeline, status string) *record {
	rec := &record{
		id: r.ID, pipeline: r.Job, schedule: r.Schedule, due: r.Time, status: status,
		byPipe: map[string]*pipeRecord{}, redact: p.Redact,
	}
	for _, id := range p.PipeIDs() {
		pr := &pipeRecord{ID: id, Path: id, Status: PipePending}
		if cfg := p.Config(); cfg != nil {
			if cp, ok := cfg.Pipe(id); ok {
				pr.Path = cp.Path
			}
		}
		rec.pipes = append(rec.pipes, pr)
		rec.byPipe[id] = pr
	}
	return rec
}

// pipeLocked returns the record of the event's node, adding one for a
// for_each instance (id[key]) after its pipe and the pipe's other instances.
func (r *record) pipeLocked(e executor.Event) *pipeRecord {
	if pr, ok := r.byPipe[e.Node]; ok {
		return pr
	}
	pr := &pipeRecord{ID: e.Node, Path: e.Node, Status: PipePending}
	at := len(r.pipes)
	if series, ok := r.byPipe[e.Pipe]; ok && e.Pipe != "" && strings.HasPrefix(e.Node, e.Pipe+"[") {
		pr.Path = series.Path + strings.TrimPrefix(e.Node, e.Pipe)
		for i, x := range r.pipes {
			if x == series || strings.HasPrefix(x.ID, e.Pipe+"[") {
				at = i + 1
			}
		}
	}
	r.pipes = slices.Insert(r.pipes, at, pr)
	r.byPipe[e.Node] = pr
	return pr
}

// Event implements executor.Observer: live pipe statuses for the API.
func (r *record) Event(e executor.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch e.Type {
	case executor.EventRunStarted:
		if r.started.IsZero() {
			r.started = e.Time
		}
	case executor.EventAttemptStarted:
		pr := r.pipeLocked(e)
		pr.Status, pr.Attempts = PipeRunning, e.Attempt
		if pr.Started.IsZero() {
			pr.Started = e.Time
		}
	case executor.EventRetrying:
		r.pipeLocked(e).Status = PipeRetrying
	case executor.EventPipeFinished:
		pr := r.pipeLocked(e)
		pr.Status, pr.Reason, pr.Attempts, pr.Duration = e.Status.String(), e.Reason, e.Attempt, e.Duration
		if e.Err != nil {
			pr.Error = r.redact(e.Err.Error())
		}
	}
}

func (r *record) start(now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status, r.started = StatusRunning, now
}

func (r *record) setStateID(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stateID = id
}

func (r *record) stateIDValue() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stateID
}

// finish records how the run ended: res, or err when it could not run.
func (r *record) finish(res *dagrun.Result, err error, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finished = now
	switch {
	case res != nil:
		r.status = res.Status.String()
		if !res.Started.IsZero() {
			r.started, r.finished = res.Started, res.Started.Add(res.Duration)
		}
		if res.Err != nil {
			r.err = r.redact(res.Err.Error())
		}
		for _, pr := range res.Pipes {
			x := r.pipeLocked(executor.Event{Node: pr.ID, Pipe: pr.Pipe})
			x.Status, x.Reason, x.Attempts, x.Duration = pr.Status.String(), pr.Reason, pr.Attempts, pr.Duration
			if pr.Err != nil {
				x.Error = r.redact(pr.Err.Error())
			}
		}
	default:
		r.status = dagrun.Failed.String()
		if err != nil {
			r.err = r.redact(err.Error())
		}
	}
}

// drop marks a queued run that will never start.
func (r *record) drop(now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status, r.finished, r.err = dagrun.Cancelled.String(), now, "dropped: the server shut down before the run could start"
}

// final reports whether the run has ended.
func (r *record) final() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status != StatusQueued && r.status != StatusRunning
}

// RunInfo is a run as the API shows it.
type RunInfo struct {
	ID       string `json:"id"`
	Pipeline string `json:"pipeline"`
	// Trigger is "schedule" or "api".
	Trigger  string `json:"trigger"`
	Schedule string `json:"schedule,omitempty"`
	// Status: queued, running, succeeded, failed or cancelled.
	Status string `json:"status"`
	// Due is when the run was asked for: the tick's time, or the request's.
	Due      time.Time  `json:"due"`
	Started  *time.Time `json:"started,omitempty"`
	Finished *time.Time `json:"finished,omitempty"`
	// DurationSeconds: from start to end, or to now while running.
	DurationSeconds *float64 `json:"duration_seconds,omitempty"`
	Error           string   `json:"error,omitempty"`
	// StateID is the run's id in the state directory (dagrun runs show ID),
	// when runs are recorded there.
	StateID string     `json:"state_id,omitempty"`
	Pipes   []PipeInfo `json:"pipes"`
}

// PipeInfo is one pipe (or for_each instance) of a run.
type PipeInfo struct {
	ID string `json:"id"`
	// Path is the display name: routing.load for a step of routing.
	Path string `json:"path"`
	// Status: pending, running, retrying, succeeded, failed, skipped or
	// cancelled.
	Status          string   `json:"status"`
	Reason          string   `json:"reason,omitempty"`
	Attempts        int      `json:"attempts"`
	DurationSeconds *float64 `json:"duration_seconds,omitempty"`
	Error           string   `json:"error,omitempty"`
}

func (r *record) info(now time.Time) RunInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	ri := RunInfo{
		ID: r.id, Pipeline: r.pipeline, Trigger: "api", Schedule: r.schedule,
		Status: r.status, Due: r.due, Error: r.err, StateID: r.stateID, Pipes: []PipeInfo{},
	}
	if r.schedule != "" {
		ri.Trigger = "schedule"
	}
	if !r.started.IsZero() {
		started := r.started
		ri.Started = &started
		end := now
		if !r.finished.IsZero() {
			finished := r.finished
			ri.Finished, end = &finished, finished
		}
		ri.DurationSeconds = seconds(end.Sub(started))
	}
	for _, pr := range r.pipes {
		// A for_each instance's key may be made of a sensitive value.
		pi := PipeInfo{ID: r.redact(pr.ID), Path: r.redact(pr.Path), Status: pr.Status, Reason: pr.Reason, Attempts: pr.Attempts, Error: pr.Error}
		switch {
		case pr.Duration > 0:
			pi.DurationSeconds = seconds(pr.Duration)
		case (pr.Status == PipeRunning || pr.Status == PipeRetrying) && !pr.Started.IsZero():
			pi.DurationSeconds = seconds(now.Sub(pr.Started))
		}
		ri.Pipes = append(ri.Pipes, pi)
	}
	return ri
}

func seconds(d time.Duration) *float64 {
	s := d.Seconds()
	return &s
}
