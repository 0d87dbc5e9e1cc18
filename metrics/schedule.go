package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics of `dagrun serve`'s schedules (beyond the documented table, with the same
// conventions: the pipeline label on every series, bounded label values).
const (
	ScheduleTicksTotal              = "dagrun_schedule_ticks_total"
	ScheduleNextRunTimestampSeconds = "dagrun_schedule_next_run_timestamp_seconds"

	LabelSchedule = "schedule"
)

// Results of a schedule tick (the `result` label of dagrun_schedule_ticks_total).
const (
	// TickStarted: the tick started a run.
	TickStarted = "started"
	// TickQueued: a run was going, overlap = "queue", and no run was waiting
	// yet: the tick's run starts when the running ones have ended.
	TickQueued = "queued"
	// TickSkippedOverlap: a run was going and the tick started nothing
	// (overlap = "skip", or "queue" with a run already waiting).
	TickSkippedOverlap = "skipped_overlap"
)

// TickResults returns every value of the result label, in a fixed order.
func TickResults() []string { return []string{TickStarted, TickQueued, TickSkippedOverlap} }

// ScheduleCollector counts the schedule ticks of one pipeline and shows when
// each schedule fires next. Like Collector, its series carry the pipeline as a
// constant label, so the ScheduleCollectors of several pipelines register side
// by side on one registry. It is safe for concurrent use.
type ScheduleCollector struct {
	pipeline string
	ticks    *prometheus.CounterVec
	next     *prometheus.GaugeVec
}

var _ prometheus.Collector = (*ScheduleCollector)(nil)

// NewScheduleCollector returns the schedule metrics of pipeline. The tick
// series of the given schedules exist, at zero, from the start.
func NewScheduleCollector(pipeline string, schedules []string) *ScheduleCollector {
	cl := prometheus.Labels{LabelPipeline: pipeline}
	c := &ScheduleCollector{
		pipeline: pipeline,
		ticks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name:        ScheduleTicksTotal,
			Help:        "Schedule ticks of dagrun serve, by what they did: started a run, queued one (overlap = \"queue\"), or skipped_overlap (a run was still going).",
			ConstLabels: cl,
		}, []string{LabelSchedule, LabelResult}),
		next: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name:        ScheduleNextRunTimestampSeconds,
			Help:        "Unix time at which the schedule fires next.",
			ConstLabels: cl,
		}, []string{LabelSchedule}),
	}
	for _, s := range schedules {
		for _, r := range TickResults() {
			c.ticks.WithLabelValues(s, r)
		}
	}
	return c
}

// Pipeline returns the pipeline name the collector labels its series with.
func (c *ScheduleCollector) Pipeline() string { return c.pipeline }

// Register registers c on reg; it is the only way c touches a registry.
func (c *ScheduleCollector) Register(reg prometheus.Registerer) error { return reg.Register(c) }

// Tick counts one tick of schedule with result (TickStarted, TickQueued or
// TickSkippedOverlap; other values are ignored, so the label stays bounded).
func (c *ScheduleCollector) Tick(schedule, result string) {
	switch result {
	case TickStarted, TickQueued, TickSkippedOverlap:
		c.ticks.WithLabelValues(schedule, result).Inc()
	}
}

// SetNextRun records when schedule fires next; a zero time removes the series
// (the schedule will not fire again, as when serve shuts down).
func (c *ScheduleCollector) SetNextRun(schedule string, t time.Time) {
	if t.IsZero() {
		c.next.DeleteLabelValues(schedule)
		return
	}
	c.next.WithLabelValues(schedule).Set(float64(t.UnixNano()) / 1e9)
}

// Describe implements prometheus.Collector.
func (c *ScheduleCollector) Describe(ch chan<- *prometheus.Desc) {
	c.ticks.Describe(ch)
	c.next.Describe(ch)
}

// Collect implements prometheus.Collector.
func (c *ScheduleCollector) Collect(ch chan<- prometheus.Metric) {
	c.ticks.Collect(ch)
	c.next.Collect(ch)
}
