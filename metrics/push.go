package metrics

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"
	dto "github.com/prometheus/client_model/go"
)

// PushJob is the job label of everything dagrun pushes to a Pushgateway.
const PushJob = "dagrun"

// Push sends pipeline's metrics from g to the Pushgateway at url, replacing
// what was pushed before under the grouping key job="dagrun", pipeline=<pipeline>
// (HTTP PUT). Scrape the Pushgateway with honor_labels: true to keep the labels.
//
// The Pushgateway attaches the grouping key to every pushed series, and refuses
// series that already carry a grouping label, so the pipeline label is taken off
// before the push and series of other pipelines sharing g are left out; series
// without a pipeline label (dagrun_build_info) go along.
func Push(ctx context.Context, url, pipeline string, g prometheus.Gatherer) error {
	return push.New(url, PushJob).
		Grouping(LabelPipeline, pipeline).
		Gatherer(pipelineGatherer{g: g, pipeline: pipeline}).
		PushContext(ctx)
}

// pipelineGatherer narrows a Gatherer to one pipeline's series and drops their
// pipeline label.
type pipelineGatherer struct {
	g        prometheus.Gatherer
	pipeline string
}

func (pg pipelineGatherer) Gather() ([]*dto.MetricFamily, error) {
	mfs, err := pg.g.Gather()
	out := make([]*dto.MetricFamily, 0, len(mfs))
	for _, mf := range mfs {
		// Build new messages rather than edit the gathered ones: a Gatherer may
		// hand out data it keeps.
		var kept []*dto.Metric
		for _, m := range mf.GetMetric() {
			labels, ok := pg.labels(m.GetLabel())
			if !ok {
				continue
			}
			kept = append(kept, &dto.Metric{
				Label:       labels,
				Gauge:       m.Gauge,
				Counter:     m.Counter,
				Summary:     m.Summary,
				Untyped:     m.Untyped,
				Histogram:   m.Histogram,
				TimestampMs: m.TimestampMs,
			})
		}
		if len(kept) > 0 {
			out = append(out, &dto.MetricFamily{Name: mf.Name, Help: mf.Help, Type: mf.Type, Unit: mf.Unit, Metric: kept})
		}
	}
	return out, err
}

// labels returns ls without the pipeline label, and false when the series
// belongs to another pipeline.
func (pg pipelineGatherer) labels(ls []*dto.LabelPair) ([]*dto.LabelPair, bool) {
	out := make([]*dto.LabelPair, 0, len(ls))
	for _, l := range ls {
		if l.GetName() != LabelPipeline {
			out = append(out, l)
			continue
		}
		if l.GetValue() != pg.pipeline {
			return nil, false
		}
	}
	return out, true
}
