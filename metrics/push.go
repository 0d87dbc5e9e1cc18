package metrics

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/push"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"google.golang.org/protobuf/proto"
)

// PushJob is the job label of everything dagrun pushes to a Pushgateway.
const PushJob = "dagrun"

// Push sends pipeline's metrics from g to the Pushgateway at url under the
// grouping key job="dagrun", pipeline=<pipeline> (HTTP PUT). Scrape the
// Pushgateway with honor_labels: true to keep the labels.
//
// A push carries cumulative values, so that the series of a pipeline fed
// only through the Pushgateway behave like scraped ones (rate, increase):
// Push first reads what the last push of the pipeline left on the gateway
// and adds it to g's counters and histograms (g holds one run's), keeps
// g's gauges, and carries over the series g has not (the last success of a
// pipe that did not run this time). Two pushes of one pipeline at the same
// moment may lose one's counts; a gateway that restarts without persistence
// starts the counters again from zero, which rate and increase read as a
// counter reset.
//
// The Pushgateway attaches the grouping key to every pushed series, and refuses
// series that already carry a grouping label, so the pipeline label is taken off
// before the push and series of other pipelines sharing g are left out; series
// without a pipeline label (dagrun_build_info) go along.
func Push(ctx context.Context, url, pipeline string, g prometheus.Gatherer) error {
	client := &http.Client{}
	prev, err := pushedBefore(ctx, client, url, pipeline)
	if err != nil {
		return fmt.Errorf("reading the last push of %s: %w", pipeline, err)
	}
	return push.New(url, PushJob).
		Client(client).
		Grouping(LabelPipeline, pipeline).
		Gatherer(cumulativeGatherer{g: pipelineGatherer{g: g, pipeline: pipeline}, prev: prev}).
		PushContext(ctx)
}

// pushedBefore returns the families the gateway at url holds for pipeline
// (its last push), without the grouping labels.
func pushedBefore(ctx context.Context, client *http.Client, url, pipeline string) (map[string]*dto.MetricFamily, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(url, "/")+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/plain; version=0.0.4")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /metrics: %s", resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	all, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("GET /metrics: %w", err)
	}
	out := map[string]*dto.MetricFamily{}
	for name, mf := range all {
		if !strings.HasPrefix(name, "dagrun_") || name == BuildInfo {
			continue // the gateway's own series; the build of this push is g's
		}
		var kept []*dto.Metric
		for _, m := range mf.GetMetric() {
			var job, pl string
			labels := make([]*dto.LabelPair, 0, len(m.GetLabel()))
			for _, l := range m.GetLabel() {
				switch l.GetName() {
				case "job":
					job = l.GetValue()
				case LabelPipeline:
					pl = l.GetValue()
				case "instance":
					// the gateway adds instance="" to a group without one
				default:
					labels = append(labels, l)
				}
			}
			if job == PushJob && pl == pipeline {
				m.Label = labels
				kept = append(kept, m)
			}
		}
		if len(kept) > 0 {
			mf.Metric = kept
			out[name] = mf
		}
	}
	return out, nil
}

// cumulativeGatherer adds the values of the last push (prev) to those of g:
// counters and histograms are summed, gauges are g's, and series only prev
// has are carried over.
type cumulativeGatherer struct {
	g    prometheus.Gatherer
	prev map[string]*dto.MetricFamily
}

func (cg cumulativeGatherer) Gather() ([]*dto.MetricFamily, error) {
	mfs, err := cg.g.Gather()
	if len(cg.prev) == 0 {
		return mfs, err
	}
	seen := map[string]bool{}
	for _, mf := range mfs {
		prev := cg.prev[mf.GetName()]
		if prev == nil {
			continue
		}
		seen[mf.GetName()] = true
		byKey := map[string]*dto.Metric{}
		for _, m := range prev.GetMetric() {
			byKey[labelKey(m.GetLabel())] = m
		}
		for _, m := range mf.GetMetric() {
			k := labelKey(m.GetLabel())
			p := byKey[k]
			if p == nil {
				continue
			}
			delete(byKey, k)
			addPrevious(mf.GetType(), m, p)
		}
		for _, m := range prev.GetMetric() {
			if byKey[labelKey(m.GetLabel())] != nil {
				mf.Metric = append(mf.Metric, m)
			}
		}
	}
	for name, prev := range cg.prev {
		if !seen[name] {
			mfs = append(mfs, prev)
		}
	}
	return mfs, err
}

// addPrevious adds p's value to m's, for a counter or a histogram with the
// same buckets (a histogram whose buckets changed starts again from m).
func addPrevious(t dto.MetricType, m, p *dto.Metric) {
	switch t {
	case dto.MetricType_COUNTER:
		if m.Counter != nil && p.Counter != nil {
			m.Counter.Value = proto.Float64(m.Counter.GetValue() + p.Counter.GetValue())
		}
	case dto.MetricType_HISTOGRAM:
		h, ph := m.GetHistogram(), p.GetHistogram()
		if h == nil || ph == nil {
			return
		}
		// The text format spells out the +Inf bucket, which is the count.
		prev := slices.DeleteFunc(slices.Clone(ph.GetBucket()), func(b *dto.Bucket) bool { return math.IsInf(b.GetUpperBound(), +1) })
		if len(h.GetBucket()) != len(prev) {
			return
		}
		for i, b := range h.GetBucket() {
			if b.GetUpperBound() != prev[i].GetUpperBound() {
				return
			}
		}
		for i, b := range h.GetBucket() {
			b.CumulativeCount = proto.Uint64(b.GetCumulativeCount() + prev[i].GetCumulativeCount())
		}
		h.SampleCount = proto.Uint64(h.GetSampleCount() + ph.GetSampleCount())
		h.SampleSum = proto.Float64(h.GetSampleSum() + ph.GetSampleSum())
	}
}

// labelKey identifies a series of a family by its labels.
func labelKey(ls []*dto.LabelPair) string {
	parts := make([]string, 0, len(ls))
	for _, l := range ls {
		parts = append(parts, l.GetName()+"\x00"+l.GetValue())
	}
	slices.Sort(parts)
	return strings.Join(parts, "\x01")
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
