package server

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/schedule"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
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

	// The live side: cancel ends the run's context; cancelAsked is set by a
	// cancel that came before the run started. changed is closed (and
	// replaced) at every change, for the event streams.
	cancel      context.CancelFunc
	cancelAsked bool
	changed     chan struct{}
	// intent is how an API request asked for the run (resume, re-run).
	intent runIntent
	// traceParent is the span the run continues (an API request's), if any.
	traceParent trace.SpanContext
}

// runIntent is what a request asked of a run beyond starting it.
type runIntent struct {
	// ResumeFrom is the state id of the run this one resumes.
	ResumeFrom string
	// Rerun are pipes run again even though ResumeFrom succeeded them, with
	// everything downstream of them.
	Rerun    []string
	pipeline string
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
	// Spans are the pipe's times: waits for a slot, attempts, back-offs.
	Spans []Span
	// Output is the redacted JSON of the pipe's output.
	Output  string
	Reused  bool
	Handler bool // a handler of the run
}

// Span is a stretch of a pipe's time in a run, for the Gantt chart.
type Span struct {
	// Kind: "wait" (ready, waiting for a slot or a pool), "attempt", or
	// "backoff" (waiting to retry).
	Kind  string     `json:"kind"`
	Start time.Time  `json:"start"`
	End   *time.Time `json:"end,omitempty"`
	// Attempt is the attempt's number; Result how it ended (attempts only).
	Attempt int    `json:"attempt,omitempty"`
	Result  string `json:"result,omitempty"`
}

// maxOutputBytes bounds the output the API shows of one pipe.
const maxOutputBytes = 16 << 10

func newRecord(r schedule.Run, p *dagrun.Pipeline, status string) *record {
	rec := &record{
		id: r.ID, pipeline: r.Job, schedule: r.Schedule, due: r.Time, status: status,
		byPipe: map[string]*pipeRecord{}, redact: p.Redact, changed: make(chan struct{}),
	}
	for _, id := range p.PipeIDs() {
		pr := &pipeRecord{ID: id, Path: id, Status: PipePending}
		if cfg := p.Config(); cfg != nil {
			if cp, ok := cfg.Pipe(id); ok {
				pr.Path, pr.Handler = cp.Path, cp.Handler != ""
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
	pr := &pipeRecord{ID: e.Node, Path: e.Node, Status: PipePending, Handler: e.Handler}
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
	defer r.notifyLocked()
	switch e.Type {
	case executor.EventRunStarted:
		if r.started.IsZero() {
			r.started = e.Time
		}
	case executor.EventPipeReady:
		pr := r.pipeLocked(e)
		pr.Spans = append(pr.Spans, Span{Kind: "wait", Start: e.Time})
	case executor.EventAttemptStarted:
		pr := r.pipeLocked(e)
		pr.Status, pr.Attempts = PipeRunning, e.Attempt
		if pr.Started.IsZero() {
			pr.Started = e.Time
		}
		pr.endSpan(e.Time, "")
		pr.Spans = append(pr.Spans, Span{Kind: "attempt", Start: e.Time, Attempt: e.Attempt})
	case executor.EventAttemptFinished:
		r.pipeLocked(e).endSpan(e.Time, e.AttemptResult.String())
	case executor.EventRetrying:
		pr := r.pipeLocked(e)
		pr.Status = PipeRetrying
		pr.endSpan(e.Time, "")
		pr.Spans = append(pr.Spans, Span{Kind: "backoff", Start: e.Time})
	case executor.EventPipeFinished:
		pr := r.pipeLocked(e)
		pr.Status, pr.Reason, pr.Attempts, pr.Duration, pr.Reused = e.Status.String(), e.Reason, e.Attempt, e.Duration, e.Reused
		pr.endSpan(e.Time, "")
		if e.Err != nil {
			pr.Error = r.redact(e.Err.Error())
		}
		if e.Output != cty.NilVal && e.Output.IsWhollyKnown() && !e.Output.IsNull() {
			v, _ := e.Output.UnmarkDeep()
			if b, err := (ctyjson.SimpleJSONValue{Value: v}).MarshalJSON(); err == nil {
				out := r.redact(string(b))
				if len(out) > maxOutputBytes {
					out = out[:maxOutputBytes] + " …"
				}
				pr.Output = out
			}
		}
	}
}

// endSpan ends the pipe's open span at t (an attempt with result).
func (pr *pipeRecord) endSpan(t time.Time, result string) {
	if n := len(pr.Spans); n > 0 && pr.Spans[n-1].End == nil {
		end := t
		pr.Spans[n-1].End = &end
		if result != "" {
			pr.Spans[n-1].Result = result
		}
	}
}

// notifyLocked wakes the event streams of the run.
func (r *record) notifyLocked() {
	close(r.changed)
	r.changed = make(chan struct{})
}

// watch returns a channel closed at the run's next change.
func (r *record) watch() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.changed
}

// setCancel attaches the run's cancel; a cancel asked for before the run
// started takes effect now.
func (r *record) setCancel(cancel context.CancelFunc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cancel = cancel
	if r.cancelAsked {
		cancel()
	}
}

// requestCancel cancels the run (or, queued, as soon as it starts). It
// reports false when the run had ended already.
func (r *record) requestCancel() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.status != StatusQueued && r.status != StatusRunning {
		return false
	}
	r.cancelAsked = true
	if r.cancel != nil {
		r.cancel()
	}
	r.notifyLocked()
	return true
}

func (r *record) start(now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	defer r.notifyLocked()
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
	defer r.notifyLocked()
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
	defer r.notifyLocked()
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
	StateID string `json:"state_id,omitempty"`
	// ResumedFrom is the run this one resumes; Rerun the pipes asked to run
	// again (with their downstream) though that run succeeded them.
	ResumedFrom string     `json:"resumed_from,omitempty"`
	Rerun       []string   `json:"rerun,omitempty"`
	Pipes       []PipeInfo `json:"pipes"`
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
	// Reused: taken from the run this one resumes, not run again.
	Reused bool `json:"reused,omitempty"`
	// Handler: a handler of the run (handler.<kind>).
	Handler bool `json:"handler,omitempty"`
	// Output is the pipe's output as JSON text, redacted (and cut past 16 KiB).
	Output string `json:"output,omitempty"`
	// Spans are the pipe's waits, attempts and back-offs, in order.
	Spans []Span `json:"spans,omitempty"`
}

func (r *record) info(now time.Time) RunInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	ri := RunInfo{
		ID: r.id, Pipeline: r.pipeline, Trigger: "api", Schedule: r.schedule,
		Status: r.status, Due: r.due, Error: r.err, StateID: r.stateID, Pipes: []PipeInfo{},
		ResumedFrom: r.intent.ResumeFrom, Rerun: r.intent.Rerun,
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
		pi := PipeInfo{ID: r.redact(pr.ID), Path: r.redact(pr.Path), Status: pr.Status, Reason: pr.Reason, Attempts: pr.Attempts, Error: pr.Error,
			Reused: pr.Reused, Handler: pr.Handler, Output: pr.Output, Spans: slices.Clone(pr.Spans)}
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
