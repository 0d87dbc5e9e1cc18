package metrics

import (
	"errors"
	"runtime"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dagrun/dagrun/executor"
)

// Default histogram buckets, in seconds. A pipe may be a 50 ms HTTP call or a
// six-hour batch job, so the buckets grow roughly ×2–×3 from 100 ms to 6 h: an
// even spread on a log scale keeps p50/p95 estimates within about a factor of two
// at every scale while costing 16 series per histogram. Queue waits are usually
// much shorter (a slot frees up when another pipe ends) but can reach the length
// of a pipe when a pool is saturated, so their buckets start at 10 ms.
func defaultDurationBuckets() []float64 {
	return []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 21600}
}

func defaultQueueBuckets() []float64 {
	return []float64{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600}
}

// Options tune a Collector.
type Options struct {
	// Version is the dagrun version reported by dagrun_build_info ("" = "unknown").
	Version string
	// DurationBuckets overrides the buckets of the pipe, attempt and pipeline
	// duration histograms; nil means the defaults (100 ms to 6 h).
	DurationBuckets []float64
	// QueueBuckets overrides the buckets of dagrun_pipe_queue_seconds.
	QueueBuckets []float64
	// Now is the clock used for events that carry no time; nil means time.Now.
	Now func() time.Time
}

// Collector turns the events of one pipeline's runs into the metrics of SPEC §5.
// It is an executor.Observer (pass it as Options.Observer of every run of the
// pipeline) and a prometheus.Collector.
//
// Every series carries the pipeline as a constant label, so the Collectors of
// different pipelines register side by side on one registry (what `dagrun serve`
// does): the registry sees descriptors with the same names and label names but
// different constant label values, which it accepts. Registering two Collectors
// of the same pipeline on one registry fails with prometheus.AlreadyRegisteredError.
//
// A Collector is safe for concurrent use; runs may overlap.
type Collector struct {
	pipeline  string
	version   string
	goVersion string
	now       func() time.Time

	pipes sync.Map // pipe name → *pipeSeries

	pipeRuns            *prometheus.CounterVec
	pipeAttempts        *prometheus.CounterVec
	pipeRetries         *prometheus.CounterVec
	pipeDuration        *prometheus.HistogramVec
	pipeAttemptDuration *prometheus.HistogramVec
	pipeQueue           *prometheus.HistogramVec
	pipeRunning         *prometheus.GaugeVec
	pipeLastSuccess     *prometheus.GaugeVec
	runs                *prometheus.CounterVec
	runDuration         prometheus.Histogram
	running             prometheus.Gauge
	lastRun             *prometheus.GaugeVec
}

var (
	_ executor.Observer    = (*Collector)(nil)
	_ prometheus.Collector = (*Collector)(nil)
)

// New returns a Collector for the pipeline called pipeline (SPEC §5: the pipeline
// block's label, or the file's base name without .hcl). The pipeline-level series
// (runs per status, running) exist, at zero, from the start.
func New(pipeline string, opts Options) *Collector {
	durations := opts.DurationBuckets
	if durations == nil {
		durations = defaultDurationBuckets()
	}
	queue := opts.QueueBuckets
	if queue == nil {
		queue = defaultQueueBuckets()
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	version := opts.Version
	if version == "" {
		version = "unknown"
	}
	cl := prometheus.Labels{LabelPipeline: pipeline}
	pipeLabels := []string{LabelPipe}

	c := &Collector{
		pipeline:  pipeline,
		version:   version,
		goVersion: runtime.Version(),
		now:       now,

		pipeRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name:        PipeRunsTotal,
			Help:        "Pipes that finished, by final status (succeeded, failed, skipped, cancelled). for_each instances count one each.",
			ConstLabels: cl,
		}, []string{LabelPipe, LabelStatus}),
		pipeAttempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name:        PipeAttemptsTotal,
			Help:        "Pipe attempts that finished, by result (ok, error, timeout).",
			ConstLabels: cl,
		}, []string{LabelPipe, LabelResult}),
		pipeRetries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name:        PipeRetriesTotal,
			Help:        "Retries scheduled after a failed pipe attempt.",
			ConstLabels: cl,
		}, pipeLabels),
		pipeDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:        PipeDurationSeconds,
			Help:        "Duration of a whole pipe, from its first attempt's start to its end, retries and back-off included. Pipes that never started are not observed.",
			ConstLabels: cl,
			Buckets:     durations,
		}, []string{LabelPipe, LabelStatus}),
		pipeAttemptDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:        PipeAttemptDurationSeconds,
			Help:        "Duration of one pipe attempt.",
			ConstLabels: cl,
			Buckets:     durations,
		}, pipeLabels),
		pipeQueue: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:        PipeQueueSeconds,
			Help:        "Time a pipe attempt waited for a parallelism or pool slot, from ready to started.",
			ConstLabels: cl,
			Buckets:     queue,
		}, pipeLabels),
		pipeRunning: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name:        PipeRunning,
			Help:        "Pipe attempts running now.",
			ConstLabels: cl,
		}, pipeLabels),
		pipeLastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name:        PipeLastSuccessTimestampSeconds,
			Help:        "Unix time at which the pipe last succeeded.",
			ConstLabels: cl,
		}, pipeLabels),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name:        PipelineRunsTotal,
			Help:        "Pipeline runs that finished, by status (succeeded, failed, cancelled).",
			ConstLabels: cl,
		}, []string{LabelStatus}),
		runDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:        PipelineDurationSeconds,
			Help:        "Duration of a pipeline run.",
			ConstLabels: cl,
			Buckets:     durations,
		}),
		running: prometheus.NewGauge(prometheus.GaugeOpts{
			Name:        PipelineRunning,
			Help:        "Runs of the pipeline in progress.",
			ConstLabels: cl,
		}),
		lastRun: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name:        PipelineLastRunTimestampSeconds,
			Help:        "Unix time at which a run of the pipeline last finished with the status.",
			ConstLabels: cl,
		}, []string{LabelStatus}),
	}
	for _, s := range pipelineStatuses {
		c.runs.WithLabelValues(s)
	}
	return c
}

// Pipeline returns the pipeline name the Collector labels its series with.
func (c *Collector) Pipeline() string { return c.pipeline }

// Register registers c on reg, and dagrun_build_info unless a Collector with the
// same version already did. It is the only way the package touches a registry.
func (c *Collector) Register(reg prometheus.Registerer) error {
	if err := reg.Register(c); err != nil {
		return err
	}
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        BuildInfo,
		Help:        "A metric with a constant '1' value labelled by the dagrun version and the Go version it was built with.",
		ConstLabels: prometheus.Labels{LabelVersion: c.version, LabelGoVersion: c.goVersion},
	})
	info.Set(1)
	if err := reg.Register(info); err != nil {
		var already prometheus.AlreadyRegisteredError
		if !errors.As(err, &already) {
			reg.Unregister(c)
			return err
		}
	}
	return nil
}

func (c *Collector) collectors() []prometheus.Collector {
	return []prometheus.Collector{
		c.pipeRuns, c.pipeAttempts, c.pipeRetries, c.pipeDuration,
		c.pipeAttemptDuration, c.pipeQueue, c.pipeRunning, c.pipeLastSuccess,
		c.runs, c.runDuration, c.running, c.lastRun,
	}
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, m := range c.collectors() {
		m.Describe(ch)
	}
}

// Collect implements prometheus.Collector.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	for _, m := range c.collectors() {
		m.Collect(ch)
	}
}

// Init creates the series of the given pipes (series names: Node.Pipe) at zero,
// so that rate() and absent() see them before the first event: runs per status,
// attempts per result, retries and running. Pipes that appear later (a pipe
// added to the file) get their series on their first event.
func (c *Collector) Init(pipes []string) {
	for _, p := range pipes {
		ps := c.series(p)
		for i := range pipeStatusIndex {
			c.pipeRunsOf(p, ps, i)
		}
		for i := range attemptResultIndex {
			c.pipeAttemptsOf(p, ps, i)
		}
		c.pipeRetriesOf(p, ps)
		c.pipeRunningOf(p, ps)
	}
}

// pipeSeries holds one pipe's series, each resolved from its vector on first use
// (or by Init, which makes the zero-start ones exist before any event), so that an
// event costs one map read and atomic updates instead of a label-hash lookup per
// metric.
type pipeSeries struct {
	running, lastSuccess lazy[prometheus.Gauge]
	retries              lazy[prometheus.Counter]
	queue, attemptDur    lazy[prometheus.Observer]
	attempts             [len(attemptResultIndex)]lazy[prometheus.Counter]
	runs                 [len(pipeStatusIndex)]lazy[prometheus.Counter]
	duration             [len(pipeStatusIndex)]lazy[prometheus.Observer]
}

// lazy is a value made on first use.
type lazy[T any] struct {
	once sync.Once
	v    T
}

func (l *lazy[T]) get(make func() T) T {
	l.once.Do(func() { l.v = make() })
	return l.v
}

// pipeStatusIndex and attemptResultIndex map executor values to the label
// values at the same index of pipeStatuses and attemptResults.
var (
	pipeStatusIndex    = [...]executor.Status{executor.StatusSucceeded, executor.StatusFailed, executor.StatusSkipped, executor.StatusCancelled}
	attemptResultIndex = [...]executor.AttemptResult{executor.AttemptOK, executor.AttemptError, executor.AttemptTimeout}
)

func statusSlot(s executor.Status) int {
	for i, v := range pipeStatusIndex {
		if v == s {
			return i
		}
	}
	return -1
}

func resultSlot(r executor.AttemptResult) int {
	for i, v := range attemptResultIndex {
		if v == r {
			return i
		}
	}
	return -1
}

// series returns the series holder of pipe.
func (c *Collector) series(pipe string) *pipeSeries {
	if ps, ok := c.pipes.Load(pipe); ok {
		return ps.(*pipeSeries)
	}
	ps, _ := c.pipes.LoadOrStore(pipe, &pipeSeries{})
	return ps.(*pipeSeries)
}

// The series of pipe, by metric (label values from the fixed sets).
func (c *Collector) pipeRunningOf(pipe string, ps *pipeSeries) prometheus.Gauge {
	return ps.running.get(func() prometheus.Gauge { return c.pipeRunning.WithLabelValues(pipe) })
}

func (c *Collector) pipeRetriesOf(pipe string, ps *pipeSeries) prometheus.Counter {
	return ps.retries.get(func() prometheus.Counter { return c.pipeRetries.WithLabelValues(pipe) })
}

func (c *Collector) pipeAttemptsOf(pipe string, ps *pipeSeries, i int) prometheus.Counter {
	return ps.attempts[i].get(func() prometheus.Counter { return c.pipeAttempts.WithLabelValues(pipe, attemptResults[i]) })
}

func (c *Collector) pipeRunsOf(pipe string, ps *pipeSeries, i int) prometheus.Counter {
	return ps.runs[i].get(func() prometheus.Counter { return c.pipeRuns.WithLabelValues(pipe, pipeStatuses[i]) })
}

// Event implements executor.Observer.
func (c *Collector) Event(e executor.Event) {
	if e.Gate || e.FanOut {
		return // a composite's gate does no work; a fan-out's instances have the series
	}
	pipe := e.Pipe
	if pipe == "" {
		pipe = e.Node
	}
	switch e.Type {
	case executor.EventRunStarted:
		c.running.Inc()
	case executor.EventAttemptStarted:
		ps := c.series(pipe)
		c.pipeRunningOf(pipe, ps).Inc()
		ps.queue.get(func() prometheus.Observer { return c.pipeQueue.WithLabelValues(pipe) }).Observe(e.Wait.Seconds())
	case executor.EventAttemptFinished:
		ps := c.series(pipe)
		c.pipeRunningOf(pipe, ps).Dec()
		if i := resultSlot(e.AttemptResult); i >= 0 {
			c.pipeAttemptsOf(pipe, ps, i).Inc()
		}
		ps.attemptDur.get(func() prometheus.Observer { return c.pipeAttemptDuration.WithLabelValues(pipe) }).Observe(e.Duration.Seconds())
	case executor.EventRetrying:
		c.pipeRetriesOf(pipe, c.series(pipe)).Inc()
	case executor.EventPipeFinished:
		i := statusSlot(e.Status)
		if i < 0 {
			return
		}
		ps := c.series(pipe)
		c.pipeRunsOf(pipe, ps, i).Inc()
		// A pipe that never started (skipped, or cancelled while waiting) has no
		// duration; observing 0 would drag every quantile of its pipe down. On
		// EventPipeFinished, Attempt is the number of attempts made.
		if e.Attempt > 0 || e.Status == executor.StatusSucceeded {
			ps.duration[i].get(func() prometheus.Observer { return c.pipeDuration.WithLabelValues(pipe, pipeStatuses[i]) }).Observe(e.Duration.Seconds())
		}
		if e.Status == executor.StatusSucceeded {
			ps.lastSuccess.get(func() prometheus.Gauge { return c.pipeLastSuccess.WithLabelValues(pipe) }).Set(c.unix(e.Time))
		}
	case executor.EventRunFinished:
		c.running.Dec()
		status, ok := pipelineStatus(e.Status)
		if !ok {
			return
		}
		c.runs.WithLabelValues(status).Inc()
		c.runDuration.Observe(e.Duration.Seconds())
		c.lastRun.WithLabelValues(status).Set(c.unix(e.Time))
	}
}

func (c *Collector) unix(t time.Time) float64 {
	if t.IsZero() {
		t = c.now()
	}
	return float64(t.UnixNano()) / 1e9
}

// The label values are spelled out here rather than taken from String(), which
// formats unknown values: a label value must come from a fixed set.
func pipeStatus(s executor.Status) (string, bool) {
	switch s {
	case executor.StatusSucceeded:
		return "succeeded", true
	case executor.StatusFailed:
		return "failed", true
	case executor.StatusSkipped:
		return "skipped", true
	case executor.StatusCancelled:
		return "cancelled", true
	}
	return "", false
}

func pipelineStatus(s executor.Status) (string, bool) {
	if s == executor.StatusSkipped {
		return "", false
	}
	return pipeStatus(s)
}
