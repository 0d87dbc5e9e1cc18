package schedule

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Clock is the time source. Tests inject a manual one.
type Clock interface {
	Now() time.Time
	// NewTimer returns a channel that receives a time once d has passed, and
	// a function that stops the timer.
	NewTimer(d time.Duration) (<-chan time.Time, func() bool)
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTimer(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}

// Job is something the scheduler runs: a pipeline, for `dagrun serve`.
type Job struct {
	Name      string
	Schedules []Spec
	// Overlap is the policy of runs asked for with Trigger.
	Overlap Overlap
	// MaxActive, when above 0, is how many runs of the job may run at once,
	// whatever the overlap policy: past it, Queue and Allow make a run wait
	// (at most MaxActive wait; further ones are skipped) and Skip skips it.
	// 0: Skip and Queue run one at a time (Queue keeps one waiting), Allow
	// any number.
	MaxActive int
}

// Run is one run of a job, started or waiting to start.
type Run struct {
	ID  string
	Job string
	// Schedule is the schedule whose tick asked for the run; "" for Trigger.
	Schedule string
	// Time is when the run was due: the tick's scheduled time, or when
	// Trigger was called.
	Time time.Time
	// Params are what TriggerWith was given for the run (the server's run
	// parameters); nil for a tick.
	Params any
}

// Result is what a tick or a trigger did.
type Result string

// Results (the `result` label of dagrun_schedule_ticks_total).
const (
	Started        Result = "started"
	Queued         Result = "queued"
	SkippedOverlap Result = "skipped_overlap"
)

// EventType says what happened.
type EventType uint8

// Event types.
const (
	// EventTick: a schedule fired. Job, Schedule, Time (the scheduled time),
	// Result, and Run unless the tick was skipped.
	EventTick EventType = iota
	// EventNextRun: when a schedule fires next changed. Job, Schedule, Time
	// (zero: it will not fire again, the scheduler stopped).
	EventNextRun
	// EventQueued: Run waits for the running runs of its job to end.
	EventQueued
	// EventStarted: Run is starting (Options.Run is about to be called). A
	// queued run has this event when it leaves the queue.
	EventStarted
	// EventDropped: Run was waiting and will never start (Shutdown).
	EventDropped
)

// Event is one thing the scheduler did.
type Event struct {
	Type     EventType
	Job      string
	Schedule string
	Time     time.Time
	Result   Result
	Run      Run
}

// Observer receives events. Event is called with the scheduler's lock held,
// in the order things happened: it must be quick and must not call the
// Scheduler.
type Observer interface {
	Event(Event)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(Event)

// Event calls f(e).
func (f ObserverFunc) Event(e Event) { f(e) }

// Options configure a Scheduler.
type Options struct {
	// Run runs one run, returning when it has ended. It is called on a
	// goroutine of the scheduler's; ctx is cancelled when Shutdown stops
	// waiting for running runs.
	Run func(ctx context.Context, r Run)
	// Observer, when set, receives every event.
	Observer Observer
	// Clock replaces the real clock.
	Clock Clock
	// NewID returns the id of a new run of job; nil gives ids like
	// 20060102T150405Z-3f9a1c (UTC time, random suffix).
	NewID func(job string, now time.Time) string
}

// Errors of Trigger.
var (
	ErrUnknownJob = errors.New("no such job")
	ErrStopped    = errors.New("the scheduler is shutting down")
)

// OverlapError is the error of Trigger when the job's overlap policy refuses
// a new run because one is going (or, with Queue, already waiting).
type OverlapError struct {
	Job     string
	Overlap Overlap
	Running []string // ids of the running runs
	Queued  string   // id of the waiting run, if any
}

func (e *OverlapError) Error() string {
	if e.Queued != "" {
		return fmt.Sprintf("job %q already has a run waiting (%s) behind %v (overlap = %s)", e.Job, e.Queued, e.Running, e.Overlap)
	}
	return fmt.Sprintf("job %q is running (%v) and overlap = %s", e.Job, e.Running, e.Overlap)
}

// Scheduler fires the schedules of its jobs and starts their runs. It owns
// one goroutine per schedule (from Start to Shutdown) and one per running run;
// Shutdown returns only when all of them have ended.
type Scheduler struct {
	opts  Options
	clock Clock
	jobs  []*job
	byJob map[string]*job

	runCtx     context.Context
	cancelRuns context.CancelFunc

	mu       sync.Mutex
	started  bool
	stopped  bool
	stop     chan struct{} // closed by Shutdown: the schedule loops end
	loops    sync.WaitGroup
	runs     sync.WaitGroup
	runsDone chan struct{} // closed when stopped and no run is going
	active   int           // runs going, all jobs
}

type job struct {
	Job
	entries []*entry
	running []Run
	queued  []Run // oldest first
}

// limits are how many runs of j may run at once under policy o (0: any
// number) and how many may wait.
func (j *job) limits(o Overlap) (running, waiting int) {
	switch {
	case j.MaxActive > 0:
		if o == Skip {
			return j.MaxActive, 0
		}
		return j.MaxActive, j.MaxActive
	case o == Queue:
		return 1, 1
	case o == Allow:
		return 0, 0
	}
	return 1, 0
}

type entry struct {
	job    *job
	spec   Spec
	timing timing
	next   time.Time // zero before Start and after Shutdown
}

// New returns a scheduler of jobs; nothing fires before Start. Every schedule
// is checked here.
func New(jobs []Job, opts Options) (*Scheduler, error) {
	if opts.Run == nil {
		return nil, errors.New("schedule: Options.Run is nil")
	}
	s := &Scheduler{
		opts:     opts,
		clock:    opts.Clock,
		byJob:    map[string]*job{},
		stop:     make(chan struct{}),
		runsDone: make(chan struct{}),
	}
	if s.clock == nil {
		s.clock = realClock{}
	}
	if s.opts.NewID == nil {
		s.opts.NewID = newID
	}
	for _, j := range jobs {
		if _, dup := s.byJob[j.Name]; dup {
			return nil, fmt.Errorf("schedule: job %q twice", j.Name)
		}
		jb := &job{Job: j}
		seen := map[string]bool{}
		for _, sp := range j.Schedules {
			if seen[sp.Name] {
				return nil, fmt.Errorf("schedule: job %q: schedule %q twice", j.Name, sp.Name)
			}
			seen[sp.Name] = true
			if _, err := compile(sp, time.Time{}); err != nil {
				return nil, fmt.Errorf("schedule: job %q: %w", j.Name, err)
			}
			jb.entries = append(jb.entries, &entry{job: jb, spec: sp})
		}
		s.jobs = append(s.jobs, jb)
		s.byJob[j.Name] = jb
	}
	s.runCtx, s.cancelRuns = context.WithCancel(context.Background())
	return s, nil
}

// Start arms every schedule: `every` schedules count their intervals from now.
// Calling it again, or after Shutdown, does nothing.
func (s *Scheduler) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started || s.stopped {
		return
	}
	s.started = true
	anchor := s.clock.Now()
	for _, j := range s.jobs {
		for _, e := range j.entries {
			e.timing, _ = compile(e.spec, anchor) // checked by New
			s.setNextLocked(e, e.timing.next(anchor))
			s.loops.Add(1)
			go s.loop(e, e.next)
		}
	}
}

// loop fires one schedule until Shutdown.
func (s *Scheduler) loop(e *entry, next time.Time) {
	defer s.loops.Done()
	for !next.IsZero() {
		c, stop := s.clock.NewTimer(next.Sub(s.clock.Now()))
		select {
		case <-s.stop:
			stop()
			return
		case <-c:
		}
		// A timer never fires early, but a late one (a suspended machine, a
		// busy process) fires once for every tick it missed: the schedule goes
		// on from now (APScheduler's coalesce).
		now := s.clock.Now()
		if now.Before(next) {
			now = next
		}
		due := next
		next = e.timing.next(now)
		s.tick(e, due, next)
	}
}

func (s *Scheduler) tick(e *entry, due, next time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	r := Run{Job: e.job.Name, Schedule: e.spec.Name, Time: due}
	r, res := s.admitLocked(e.job, e.spec.Overlap, r)
	ev := Event{Type: EventTick, Job: r.Job, Schedule: r.Schedule, Time: due, Result: res}
	if res != SkippedOverlap {
		ev.Run = r
	}
	s.emit(ev)
	s.setNextLocked(e, next)
}

// admitLocked applies the overlap policy to a new run of j: it starts it,
// queues it, or refuses it (SkippedOverlap, r without an id).
func (s *Scheduler) admitLocked(j *job, o Overlap, r Run) (Run, Result) {
	running, waiting := j.limits(o)
	if running > 0 && (len(j.running) >= running || len(j.queued) > 0) {
		if len(j.queued) >= waiting {
			return r, SkippedOverlap
		}
		r.ID = s.opts.NewID(j.Name, s.clock.Now())
		j.queued = append(j.queued, r)
		s.emit(Event{Type: EventQueued, Job: j.Name, Schedule: r.Schedule, Time: r.Time, Run: r})
		return r, Queued
	}
	r.ID = s.opts.NewID(j.Name, s.clock.Now())
	s.startLocked(j, r)
	return r, Started
}

func (s *Scheduler) startLocked(j *job, r Run) {
	s.emit(Event{Type: EventStarted, Job: j.Name, Schedule: r.Schedule, Time: r.Time, Run: r})
	j.running = append(j.running, r)
	s.active++
	s.runs.Add(1)
	go func() {
		defer s.runs.Done()
		s.opts.Run(s.runCtx, r)
		s.finished(j, r)
	}()
}

// finished records the end of r and starts the queued run of its job once
// none is going.
func (s *Scheduler) finished(j *job, r Run) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j.running = slices.DeleteFunc(j.running, func(x Run) bool { return x.ID == r.ID })
	s.active--
	for len(j.queued) > 0 && !s.stopped {
		if running, _ := j.limits(Queue); running > 0 && len(j.running) >= running {
			break
		}
		q := j.queued[0]
		j.queued = j.queued[1:]
		s.startLocked(j, q)
	}
	if s.stopped && s.active == 0 {
		s.closeRunsDoneLocked()
	}
}

func (s *Scheduler) closeRunsDoneLocked() {
	select {
	case <-s.runsDone:
	default:
		close(s.runsDone)
	}
}

func (s *Scheduler) setNextLocked(e *entry, t time.Time) {
	if e.next.Equal(t) {
		return
	}
	e.next = t
	s.emit(Event{Type: EventNextRun, Job: e.job.Name, Schedule: e.spec.Name, Time: t})
}

func (s *Scheduler) emit(e Event) {
	if s.opts.Observer != nil {
		s.opts.Observer.Event(e)
	}
}

// Trigger asks for a run of job now, under the job's overlap policy: the run
// starts (Started) or waits (Queued), or the error is an *OverlapError.
// After Shutdown began the error is ErrStopped; for an unknown job,
// ErrUnknownJob.
func (s *Scheduler) Trigger(jobName string) (Run, Result, error) {
	return s.TriggerWith(jobName, nil)
}

// TriggerWith is Trigger for a run that carries params (Run.Params).
func (s *Scheduler) TriggerWith(jobName string, params any) (Run, Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.byJob[jobName]
	switch {
	case !ok:
		return Run{}, "", fmt.Errorf("%w: %q", ErrUnknownJob, jobName)
	case s.stopped:
		return Run{}, "", ErrStopped
	}
	r, res := s.admitLocked(j, j.Overlap, Run{Job: jobName, Time: s.clock.Now(), Params: params})
	if res == SkippedOverlap {
		oe := &OverlapError{Job: jobName, Overlap: j.Overlap}
		for _, x := range j.running {
			oe.Running = append(oe.Running, x.ID)
		}
		if len(j.queued) > 0 {
			oe.Queued = j.queued[0].ID
		}
		return Run{}, res, oe
	}
	return r, res, nil
}

// JobStatus is a job as the scheduler sees it now.
type JobStatus struct {
	Name      string
	Overlap   Overlap
	Schedules []ScheduleStatus
	Running   []Run // oldest first
	Queued    *Run  // the oldest waiting run
	// Waiting are the runs waiting to start, oldest first.
	Waiting []Run
}

// ScheduleStatus is one schedule of a job.
type ScheduleStatus struct {
	Spec
	// Next is when it fires next; zero before Start and after Shutdown.
	Next time.Time
}

// Jobs returns the status of every job, in the order given to New.
func (s *Scheduler) Jobs() []JobStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]JobStatus, 0, len(s.jobs))
	for _, j := range s.jobs {
		out = append(out, s.statusLocked(j))
	}
	return out
}

// Job returns the status of one job.
func (s *Scheduler) Job(name string) (JobStatus, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.byJob[name]
	if !ok {
		return JobStatus{}, false
	}
	return s.statusLocked(j), true
}

func (s *Scheduler) statusLocked(j *job) JobStatus {
	st := JobStatus{Name: j.Name, Overlap: j.Overlap, Running: slices.Clone(j.running)}
	if len(j.queued) > 0 {
		q := j.queued[0]
		st.Queued = &q
		st.Waiting = slices.Clone(j.queued)
	}
	for _, e := range j.entries {
		st.Schedules = append(st.Schedules, ScheduleStatus{Spec: e.spec, Next: e.next})
	}
	return st
}

// Shutdown stops the scheduler: no schedule fires any more, Trigger refuses,
// and runs still waiting are dropped (EventDropped). It then waits for the
// running runs to end. When ctx ends first, it cancels their context and
// waits for them to return; the error is then ctx's. Shutdown returns once
// every goroutine of the scheduler has ended; later calls wait the same way.
func (s *Scheduler) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.stopped {
		s.stopped = true
		close(s.stop)
		for _, j := range s.jobs {
			for _, q := range j.queued {
				s.emit(Event{Type: EventDropped, Job: j.Name, Schedule: q.Schedule, Time: q.Time, Run: q})
			}
			j.queued = nil
			for _, e := range j.entries {
				s.setNextLocked(e, time.Time{})
			}
		}
		if s.active == 0 {
			s.closeRunsDoneLocked()
		}
	}
	s.mu.Unlock()
	s.loops.Wait()

	var err error
	select {
	case <-s.runsDone:
	case <-ctx.Done():
		err = ctx.Err()
		s.cancelRuns()
	}
	s.runs.Wait()
	s.cancelRuns()
	return err
}

// newID returns 20060102T150405Z-xxxxxx: sortable by time, unique by chance.
func newID(_ string, now time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}
