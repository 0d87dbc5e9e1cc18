package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/dagrun/dagrun/executor"
)

// Metric names of missed deadlines (`deadline` on a pipe and on the
// pipeline): the run goes on, these count that it was late.
const (
	PipeDeadlineMissedTotal     = "dagrun_pipe_deadline_missed_total"
	PipelineDeadlineMissedTotal = "dagrun_pipeline_deadline_missed_total"
)

// deadlineMetrics counts missed deadlines. They are rare (one per pipe and
// run at most), so plain client_golang metrics do.
type deadlineMetrics struct {
	pipe     *prometheus.CounterVec
	pipeline prometheus.Counter
}

func newDeadlineMetrics(cl prometheus.Labels) deadlineMetrics {
	return deadlineMetrics{
		pipe: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name:        PipeDeadlineMissedTotal,
			Help:        "Pipe deadlines missed: the pipe had not ended when its deadline (from the run's start) passed. The pipe went on.",
			ConstLabels: cl,
		}, []string{LabelPipe}),
		pipeline: prometheus.NewCounter(prometheus.CounterOpts{
			Name:        PipelineDeadlineMissedTotal,
			Help:        "Pipeline deadlines missed: some pipe of the run had not ended when the pipeline's deadline passed. The run went on.",
			ConstLabels: cl,
		}),
	}
}

func (d deadlineMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{d.pipe, d.pipeline}
}

// missed counts an EventDeadlineMissed.
func (d deadlineMetrics) missed(e *executor.Event, pipe string) {
	if e.Node == "" {
		d.pipeline.Inc()
		return
	}
	d.pipe.WithLabelValues(pipe).Inc()
}
