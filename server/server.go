// Package server is the long-running side of dagrun (`dagrun serve`): it runs
// loaded pipelines on their `schedule` blocks and on demand, and serves a small
// HTTP API (list pipelines, start a run, show a run), /healthz, and /metrics
// with every pipeline's metrics on a registry of its own. It parses no flags
// and never exits the process: the command wires it to a listener and to
// signals.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.opentelemetry.io/otel/trace"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
	"github.com/dagrun/dagrun/schedule"
)

// DefaultMaxBodyBytes bounds API request bodies when Options.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 64 << 10

// keepFinished is how many finished runs of each pipeline the API remembers.
const keepFinished = 100

// Recorder records one run in durable run state (package state's
// *state.Recorder is one): it wires the run's options, and is told the
// result.
type Recorder interface {
	Options(dagrun.RunOptions) dagrun.RunOptions
	Finish(*dagrun.Result, error) error
}

// Options configure a Server.
type Options struct {
	// Token, when set, is required on every API request as
	// "Authorization: Bearer TOKEN"; /metrics and /healthz stay open.
	Token string
	// Registry gets the metrics of every pipeline and schedule and is what
	// /metrics serves. Nil: a registry of the server's own, with the Go and
	// process collectors besides.
	Registry *prometheus.Registry
	// Version is reported by dagrun_build_info.
	Version string
	// Logger gets a record per run started and finished and per skipped
	// tick; nil discards them.
	Logger *slog.Logger
	// RunLogger, when set, gets the events of every run (see
	// dagrun.RunOptions.Logger), with the pipeline and run id attached.
	RunLogger *slog.Logger
	// Record, when set, is called as each run starts, to record it in the
	// run state that `dagrun runs` reads. An error is logged and the run
	// goes on unrecorded.
	Record func(p *dagrun.Pipeline, run schedule.Run) (Recorder, error)
	// AllowedHosts are host names (no port) that requests arriving on a
	// loopback address may give as Host besides localhost, 127.0.0.0/8 and
	// ::1: the public name of a reverse proxy on the same machine. Any other
	// Host is refused there (see Handler).
	AllowedHosts []string
	// MaxBodyBytes bounds request bodies; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Clock replaces the real clock of the schedules (tests).
	Clock schedule.Clock
	// TracerProvider, when set, gets the spans of every run (see
	// dagrun.RunOptions.TracerProvider); a run triggered through the API
	// continues the trace of the request's traceparent header.
	TracerProvider trace.TracerProvider
	// NewRunID returns the id of a new run; nil: 20060102T150405Z-xxxxxx.
	NewRunID func(pipeline string, now time.Time) string
	// TrackProcess is passed to every run (see dagrun.RunOptions.TrackProcess).
	TrackProcess func(pgid int) (release func())
	// History, when set, is the recorded run state the API lists runs and
	// reads logs from (see History).
	History History
	// Resume, when set, is called instead of Record for a run that resumes
	// (or re-runs part of) run from, an id in the run state; without it the
	// API's resume and re-run answer 501.
	Resume func(p *dagrun.Pipeline, run schedule.Run, from string) (Recorder, error)
}

// Server runs pipelines on their schedules and serves the HTTP API. Create it
// with New, call Start, serve Handler, and end with Shutdown.
type Server struct {
	opts      Options
	reg       *prometheus.Registry
	sched     *schedule.Scheduler
	pipelines []*dagrun.Pipeline
	byName    map[string]*dagrun.Pipeline
	cols      map[string]*metrics.Collector // by pipeline
	schedCols map[string]*metrics.ScheduleCollector
	log       *slog.Logger
	now       func() time.Time

	// triggerMu makes an API trigger and the record its run gets one step
	// (see triggerWith, triggerTraced); intent is what that trigger asks.
	triggerMu sync.Mutex
	intent    *runIntent
	// ui holds the web UI's keys (see ui.go).
	ui uiKeys

	mu       sync.Mutex
	draining bool
	records  map[string]*record   // by run id
	history  map[string][]*record // by pipeline, oldest first
	last     map[string]*record   // last finished run by pipeline

	triggerParent atomic.Pointer[trace.SpanContext] // the trace of the API trigger in progress (under triggerMu)
}

// New prepares a server for pipelines: their schedules are checked and their
// metrics registered (at zero), but nothing runs before Start. Pipeline names
// must be unique.
func New(pipelines []*dagrun.Pipeline, opts Options) (*Server, error) {
	s := &Server{
		opts:      opts,
		reg:       opts.Registry,
		byName:    map[string]*dagrun.Pipeline{},
		cols:      map[string]*metrics.Collector{},
		schedCols: map[string]*metrics.ScheduleCollector{},
		log:       opts.Logger,
		records:   map[string]*record{},
		history:   map[string][]*record{},
		last:      map[string]*record{},
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.opts.MaxBodyBytes <= 0 {
		s.opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if s.reg == nil {
		s.reg = prometheus.NewRegistry()
		if err := s.reg.Register(collectors.NewGoCollector()); err != nil {
			return nil, err
		}
		if err := s.reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})); err != nil {
			return nil, err
		}
	}
	clock := opts.Clock
	if clock == nil {
		s.now = time.Now
	} else {
		s.now = clock.Now
	}

	var jobs []schedule.Job
	for _, p := range pipelines {
		if _, dup := s.byName[p.Name()]; dup {
			return nil, fmt.Errorf("two pipelines are named %q: give one a pipeline block with another name", p.Name())
		}
		s.byName[p.Name()] = p
		s.pipelines = append(s.pipelines, p)
		job, err := JobOf(p)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, job)

		col, err := metrics.ForPipeline(s.reg, p.Name(), p.WorkIDs(), opts.Version)
		if err != nil {
			return nil, err
		}
		s.cols[p.Name()] = col
		var names []string
		for _, sp := range job.Schedules {
			names = append(names, sp.Name)
		}
		sc := metrics.NewScheduleCollector(p.Name(), names)
		if err := sc.Register(s.reg); err != nil {
			return nil, fmt.Errorf("schedule metrics of %q: %w", p.Name(), err)
		}
		s.schedCols[p.Name()] = sc
	}

	sched, err := schedule.New(jobs, schedule.Options{
		Run:      s.run,
		Observer: schedule.ObserverFunc(s.schedulerEvent),
		Clock:    clock,
		NewID:    opts.NewRunID,
	})
	if err != nil {
		return nil, err
	}
	s.sched = sched
	return s, nil
}

// JobOf returns the scheduler job of p: its HCL schedule blocks (none for a
// pipeline built in Go), and the overlap policy of runs started through the
// API, which is the strictest of its schedules' ("skip" when it has none).
func JobOf(p *dagrun.Pipeline) (schedule.Job, error) {
	job := schedule.Job{Name: p.Name(), Overlap: schedule.Skip}
	cfg := p.Config()
	if cfg == nil {
		return job, nil
	}
	strictest := schedule.Allow
	for _, s := range cfg.Schedules {
		o, err := schedule.ParseOverlap(s.Overlap)
		if err != nil {
			return job, fmt.Errorf("pipeline %q, schedule %q: %w", p.Name(), s.Name, err)
		}
		job.Schedules = append(job.Schedules, schedule.Spec{Name: s.Name, Every: s.Every, Cron: s.Cron, Location: s.Location, Overlap: o})
		strictest = min(strictest, o)
	}
	if len(job.Schedules) > 0 {
		job.Overlap = strictest
	}
	if cfg.MaxActiveRuns > 0 { // runs past the bound wait their turn
		job.MaxActive, job.Overlap = cfg.MaxActiveRuns, schedule.Queue
	}
	return job, nil
}

// Registry is the registry /metrics serves.
func (s *Server) Registry() *prometheus.Registry { return s.reg }

// Start starts the schedules. Runs may be started through the API before.
func (s *Server) Start() { s.sched.Start() }

// Shutdown stops the schedules and refuses new runs, then waits for the
// running ones to finish. If ctx ends first, they are cancelled (their
// processes killed) and Shutdown waits for them to end and returns
// ctx.Err(); it returns nil after a clean drain. Every goroutine the server
// started has ended when it returns. It does not stop an http.Server serving
// Handler: /metrics keeps answering while runs drain.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.draining = true
	s.mu.Unlock()
	return s.sched.Shutdown(ctx)
}

// Draining reports whether Shutdown has begun.
func (s *Server) Draining() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.draining
}

// schedulerEvent keeps the metrics and the run records in step with the
// scheduler. It is called with the scheduler's lock held: no calls back.
func (s *Server) schedulerEvent(e schedule.Event) {
	switch e.Type {
	case schedule.EventTick:
		s.schedCols[e.Job].Tick(e.Schedule, string(e.Result))
		if e.Result == schedule.SkippedOverlap {
			s.log.Info("tick skipped: a run is going", "pipeline", e.Job, "schedule", e.Schedule)
		}
	case schedule.EventNextRun:
		s.schedCols[e.Job].SetNextRun(e.Schedule, e.Time)
	case schedule.EventQueued:
		rec := s.withIntent(newRecord(e.Run, s.pipelineOf(e.Run), StatusQueued))
		rec.traceParent = s.traceParentOf(e.Run)
		s.addRecord(rec)
		s.log.Info("run queued", "pipeline", e.Job, "run", e.Run.ID, "schedule", e.Run.Schedule)
	case schedule.EventStarted:
		// Before the run's goroutine starts and before Trigger returns: the
		// run id is never unknown to the API.
		if rec := s.record(e.Run.ID); rec == nil {
			rec = s.withIntent(newRecord(e.Run, s.pipelineOf(e.Run), StatusRunning))
			rec.traceParent = s.traceParentOf(e.Run)
			s.addRecord(rec)
		}
	case schedule.EventDropped:
		if rec := s.record(e.Run.ID); rec != nil {
			rec.drop(s.now())
			s.finished(rec)
		}
		s.log.Info("queued run dropped: shutting down", "pipeline", e.Job, "run", e.Run.ID)
	}
}

// run runs one run of a pipeline (the scheduler's Run).
func (s *Server) run(ctx context.Context, r schedule.Run) {
	p := s.pipelineOf(r)
	rec := s.record(r.ID) // made at EventStarted
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rec.setCancel(cancel)
	rec.start(s.now())
	log := s.log.With("pipeline", r.Job, "run", r.ID)
	if r.Schedule != "" {
		log = log.With("schedule", r.Schedule)
	}
	opts := dagrun.RunOptions{Observer: executor.Observers{s.cols[r.Job], rec}, TrackProcess: s.opts.TrackProcess, TracerProvider: s.opts.TracerProvider,
		RunID: r.ID} // a recorder's Options sets the id of its records instead
	ctx = traceContext(ctx, rec)
	if s.opts.RunLogger != nil {
		opts.Logger = s.opts.RunLogger.With("pipeline", r.Job, "run", r.ID)
	}
	var recorder Recorder
	if from := rec.intent.ResumeFrom; from != "" && s.opts.Resume != nil {
		var err error
		if recorder, err = s.opts.Resume(p, r, from); err != nil {
			rec.finish(nil, fmt.Errorf("resuming run %s: %w", from, err), s.now())
			s.finished(rec)
			log.Warn("resume refused", "from", from, "error", err)
			return
		}
		opts = recorder.Options(opts)
		opts.Reuse = rerunFilter(p, opts.Reuse, rec.intent.Rerun)
		s.adoptStateID(rec, recorder, &log)
	} else if s.opts.Record != nil {
		var err error
		if recorder, err = s.opts.Record(p, r); err != nil {
			log.Warn("run state not recorded", "error", err)
			recorder = nil
		} else {
			opts = recorder.Options(opts)
			s.adoptStateID(rec, recorder, &log)
		}
	}
	log.Info("run started")

	res, err := p.Run(ctx, opts)
	if recorder != nil {
		if ferr := recorder.Finish(res, err); ferr != nil {
			log.Warn("run state incomplete", "error", ferr)
		}
	}
	rec.finish(res, err, s.now())
	s.finished(rec)
	info := rec.info(s.now())
	attrs := []any{"status", info.Status}
	if info.DurationSeconds != nil {
		attrs = append(attrs, "duration", time.Duration(*info.DurationSeconds*float64(time.Second)).Round(time.Millisecond))
	}
	if info.Error != "" {
		attrs = append(attrs, "error", info.Error)
	}
	log.Info("run finished", attrs...)
}

func (s *Server) addRecord(rec *record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records[rec.id] = rec
	s.history[rec.pipeline] = append(s.history[rec.pipeline], rec)
}

func (s *Server) record(id string) *record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.records[id]
}

// finished remembers rec as its pipeline's last run and forgets the oldest
// finished runs beyond keepFinished.
func (s *Server) finished(rec *record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last[rec.pipeline] = rec
	hist := s.history[rec.pipeline]
	done := 0
	for _, r := range hist {
		if r.final() {
			done++
		}
	}
	for i := 0; done > keepFinished && i < len(hist); {
		if hist[i].final() {
			delete(s.records, hist[i].id)
			if sid := hist[i].stateIDValue(); sid != "" {
				delete(s.records, sid)
			}
			hist = slices.Delete(hist, i, i+1)
			done--
			continue
		}
		i++
	}
	s.history[rec.pipeline] = hist
}

// Errors of Trigger.
var (
	ErrUnknownPipeline = errors.New("no such pipeline")
	ErrShuttingDown    = schedule.ErrStopped
)

// Trigger starts a run of the pipeline now, or queues it, under the
// pipeline's overlap policy (see JobOf). The error is ErrUnknownPipeline, a
// *schedule.OverlapError, or ErrShuttingDown.
func (s *Server) Trigger(pipeline string) (RunInfo, error) {
	if _, ok := s.byName[pipeline]; !ok {
		return RunInfo{}, fmt.Errorf("%w: %q", ErrUnknownPipeline, pipeline)
	}
	r, _, err := s.sched.Trigger(pipeline)
	if err != nil {
		return RunInfo{}, err
	}
	return s.record(r.ID).info(s.now()), nil // made at EventStarted or EventQueued
}

// Run returns what the server knows of run id.
func (s *Server) Run(id string) (RunInfo, bool) {
	rec := s.record(id)
	if rec == nil {
		return RunInfo{}, false
	}
	return rec.info(s.now()), true
}
