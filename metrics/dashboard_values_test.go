package metrics_test

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dagrun/dagrun/metrics"
)

// checkDashboardValues checks what the dashboard's panels show, not only
// that they show something, on the series the integration test made: at is
// the time of the served run's last scrape, testStart a time before the
// first pushed run.
func checkDashboardValues(t *testing.T, api, dashboard, at string, testStart time.Time) {
	end, err := strconv.ParseFloat(at, 64)
	if err != nil {
		t.Fatal(err)
	}
	// The range covers every run of the test, a whole number of each step.
	const big = 6 // seconds, a multiple of every step below
	rng := math.Ceil((end-float64(testStart.Unix())+big)/big) * big
	vars := func(pipeline string, step float64) map[string]string {
		return map[string]string{
			"pipeline":        pipeline,
			"pipe":            ".+",
			"__interval":      fmtSeconds(step),
			"__rate_interval": "1m",
			"__range":         fmtSeconds(rng),
		}
	}
	all := "(" + servedPipeline + "|" + pushedPipeline + ")"

	// The bars of every bar panel add up to the panel's query over the whole
	// range, series by series, at two different steps (zoom levels).
	for _, step := range []float64{1, big} {
		qs, err := metrics.DashboardQueries(dashboard, vars(all, step))
		if err != nil {
			t.Fatal(err)
		}
		whole, err := metrics.DashboardQueries(dashboard, map[string]string{
			"pipeline": all, "pipe": ".+", "__interval": fmtSeconds(rng), "__range": fmtSeconds(rng)})
		if err != nil {
			t.Fatal(err)
		}
		bars := 0
		for i, q := range qs {
			if !q.Bars {
				continue
			}
			bars++
			sums := map[string]float64{}
			for _, s := range queryRange(t, api, q.Expr, end-rng+step, end, step) {
				for _, v := range s.values {
					if !math.IsNaN(v) {
						sums[s.key] += v
					}
				}
			}
			totals := map[string]float64{}
			for _, s := range instantSeries(t, api, whole[i].Expr, at) {
				totals[s.key] = s.value
			}
			if len(totals) == 0 {
				t.Errorf("%s: no series over the range", q.Panel)
			}
			for k, total := range totals {
				if math.Abs(sums[k]-total) > 1e-9 {
					t.Errorf("%s, step %gs: the bars of %s add up to %v, the range's increase is %v", q.Panel, step, k, sums[k], total)
				}
			}
			for k, sum := range sums {
				if _, ok := totals[k]; !ok && sum != 0 {
					t.Errorf("%s, step %gs: bars of %s add up to %v, not in the range's increase", q.Panel, step, k, sum)
				}
			}
		}
		if bars < 4 {
			t.Errorf("%d bar panels, want at least 4", bars)
		}
	}

	// The pushed pipeline, run pushedRuns times, shows that many runs, and
	// every panel shows it numbers, not NaN.
	qs, err := metrics.DashboardQueries(dashboard, vars(pushedPipeline, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		var values []float64
		if q.Instant || strings.HasPrefix(q.Panel, "annotation:") {
			for _, s := range instantSeries(t, api, q.Expr, at) {
				values = append(values, s.value)
			}
		} else {
			for _, s := range queryRange(t, api, q.Expr, end-rng+1, end, 1) {
				values = append(values, s.values...)
			}
		}
		if !slices.ContainsFunc(values, func(v float64) bool { return !math.IsNaN(v) }) {
			t.Errorf("%s %s: no number for the pushed pipeline (values %v): %s", q.Panel, q.RefID, values, q.Expr)
		}
		switch q.Panel {
		case "Runs in range by status":
			for _, s := range instantSeries(t, api, q.Expr, at) {
				if want := map[string]float64{"succeeded": pushedRuns}[s.labels["status"]]; s.value != want {
					t.Errorf("%s: %s = %v, want %v", q.Panel, s.key, s.value, want)
				}
			}
		case "Pipeline runs by status":
			var sum float64
			for _, s := range queryRange(t, api, q.Expr, end-rng+1, end, 1) {
				if s.labels["status"] == "succeeded" {
					for _, v := range s.values {
						sum += v
					}
				}
			}
			if sum != pushedRuns {
				t.Errorf("%s: the succeeded bars add up to %v, want %d", q.Panel, sum, pushedRuns)
			}
		}
	}

	// No two series of a panel have the same legend.
	qs, err = metrics.DashboardQueries(dashboard, vars(all, 1))
	if err != nil {
		t.Fatal(err)
	}
	legends := map[string]map[string]string{} // panel → legend → series
	for _, q := range qs {
		if q.Legend == "" {
			continue
		}
		if legends[q.Panel] == nil {
			legends[q.Panel] = map[string]string{}
		}
		var series []promSeries
		if q.Instant {
			series = instantSeries(t, api, q.Expr, at)
		} else {
			series = queryRange(t, api, q.Expr, end-rng+1, end, 1)
		}
		for _, s := range series {
			l := legend(q.Legend, s.labels)
			if other, dup := legends[q.Panel][l]; dup && other != q.RefID+s.key {
				t.Errorf("%s: legend %q for %s and %s", q.Panel, l, other, q.RefID+s.key)
			}
			legends[q.Panel][l] = q.RefID + s.key
		}
	}

	// The traced run's durations carry its trace id as exemplars.
	var ex struct {
		Status string `json:"status"`
		Data   []struct {
			SeriesLabels map[string]string `json:"seriesLabels"`
			Exemplars    []struct {
				Labels map[string]string `json:"labels"`
			} `json:"exemplars"`
		} `json:"data"`
	}
	getJSON(t, api+"/api/v1/query_exemplars?"+url.Values{
		"query": {fmt.Sprintf(`%s_bucket{job=%q}`, metrics.PipeDurationSeconds, servedJob)},
		"start": {strconv.FormatFloat(end-rng, 'f', -1, 64)}, "end": {at},
	}.Encode(), &ex)
	traces := 0
	for _, d := range ex.Data {
		for _, e := range d.Exemplars {
			if regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(e.Labels[metrics.LabelTraceID]) {
				traces++
			}
		}
	}
	if ex.Status != "success" || traces == 0 {
		t.Errorf("no trace_id exemplars on %s of the traced run: %+v", metrics.PipeDurationSeconds, ex)
	}
}

func fmtSeconds(s float64) string { return strconv.FormatFloat(s, 'f', -1, 64) + "s" }

var legendLabel = regexp.MustCompile(`\{\{\s*(\w+)\s*\}\}`)

// legend renders a Grafana legend format for a series' labels.
func legend(format string, labels map[string]string) string {
	return legendLabel.ReplaceAllStringFunc(format, func(m string) string {
		return labels[legendLabel.FindStringSubmatch(m)[1]]
	})
}

type promSeries struct {
	key    string // the labels, sorted
	labels map[string]string
	value  float64   // an instant query's
	values []float64 // a range query's
}

func seriesKey(labels map[string]string) string {
	parts := make([]string, 0, len(labels))
	for k, v := range labels {
		parts = append(parts, k+"="+v)
	}
	slices.Sort(parts)
	return "{" + strings.Join(parts, ",") + "}"
}

func parseValue(t *testing.T, v any) float64 {
	s, _ := v.(string)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("value %v: %v", v, err)
	}
	return f
}

func instantSeries(t *testing.T, api, expr, at string) []promSeries {
	t.Helper()
	r := query(t, api, expr, at)
	out := make([]promSeries, 0, len(r.Data.Result))
	for _, s := range r.Data.Result {
		out = append(out, promSeries{key: seriesKey(s.Metric), labels: s.Metric, value: parseValue(t, s.Value[1])})
	}
	return out
}

func queryRange(t *testing.T, api, expr string, start, end, step float64) []promSeries {
	t.Helper()
	var r struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result []struct {
				Metric map[string]string `json:"metric"`
				Values [][2]any          `json:"values"`
			} `json:"result"`
		} `json:"data"`
	}
	getJSON(t, api+"/api/v1/query_range?"+url.Values{
		"query": {expr},
		"start": {strconv.FormatFloat(start, 'f', -1, 64)},
		"end":   {strconv.FormatFloat(end, 'f', -1, 64)},
		"step":  {strconv.FormatFloat(step, 'f', -1, 64)},
	}.Encode(), &r)
	if r.Status != "success" {
		t.Fatalf("query_range %s: %s", expr, r.Error)
	}
	out := make([]promSeries, 0, len(r.Data.Result))
	for _, s := range r.Data.Result {
		ps := promSeries{key: seriesKey(s.Metric), labels: s.Metric}
		for _, v := range s.Values {
			ps.values = append(ps.values, parseValue(t, v[1]))
		}
		out = append(out, ps)
	}
	return out
}
