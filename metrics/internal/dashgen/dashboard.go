package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/bargauge"
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"

	"github.com/dagrun/dagrun/metrics"
)

// UID is the dashboard's uid: stable, so links to it survive re-provisioning.
const UID = "dagrun-overview"

// Render returns the dashboard as indented JSON ending in a newline.
func Render() ([]byte, error) {
	d, err := Build()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // keep PromQL's > and < readable
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Template variables. Every query filters on job, instance, pipeline and pipe
// with =~, so the multi-value and "All" selections (which Grafana expands to
// a regex) work. job and instance match the empty value too under All: a
// Pushgateway's series have instance="".
var (
	jobSel      = `job=~"$job"`
	instanceSel = `instance=~"$instance"`
	pipelineSel = metrics.LabelPipeline + `=~"$pipeline"`
	pipeSel     = metrics.LabelPipe + `=~"$pipe"`
)

// sel returns name{matchers...}, with the job and instance matchers first.
func sel(name string, matchers ...string) string {
	return name + "{" + strings.Join(append([]string{jobSel, instanceSel}, matchers...), ", ") + "}"
}

func bucket(name string) string { return name + "_bucket" }

// quantile is the q-quantile of histogram name (a selector without _bucket),
// per the by labels.
func quantile(q float64, name string, by string, matchers ...string) string {
	return fmt.Sprintf("histogram_quantile(%g, sum by (%s, le) (rate(%s[$__rate_interval])))", q, by, sel(bucket(name), matchers...))
}

// delta is how much the counters of selector, summed by the by labels, grew
// over the window before each point: the value now minus the value window
// ago, without increase()'s extrapolation, so that the deltas of
// consecutive windows add up to exactly the delta over their span (bars per
// $__interval sum to the delta over $__range, at any zoom). A counter that
// went down was reset (a new `dagrun apply` process, a restarted server):
// its delta is then its value, all of it new since the reset; a series with
// no value a window ago (it appeared since) counts whole too.
func delta(by, selector, window string) string {
	now := fmt.Sprintf("sum by (%s) (%s)", by, selector)
	return fmt.Sprintf("((%[1]s - sum by (%[2]s) (%[3]s offset %[4]s)) >= 0) or %[1]s", now, by, selector, window)
}

var datasource = common.DataSourceRef{Type: cog.ToPtr("prometheus"), Uid: cog.ToPtr("${datasource}")}

func query(ref, expr, legend string) *prometheus.DataqueryBuilder {
	return prometheus.NewDataqueryBuilder().RefId(ref).Expr(expr).LegendFormat(legend).Datasource(datasource)
}

func instant(ref, expr, legend string) *prometheus.DataqueryBuilder {
	return query(ref, expr, legend).Instant()
}

func timeSeries(id uint32, title, desc, unit string, w, h uint32) *timeseries.PanelBuilder {
	return timeseries.NewPanelBuilder().Id(id).Title(title).Description(desc).Unit(unit).
		Datasource(datasource).Span(w).Height(h).Min(0).
		Legend(common.NewVizLegendOptionsBuilder().ShowLegend(true).
			DisplayMode(common.LegendDisplayModeList).Placement(common.LegendPlacementBottom))
}

func bars(p *timeseries.PanelBuilder) *timeseries.PanelBuilder {
	return p.DrawStyle(common.GraphDrawStyleBars).FillOpacity(80).LineWidth(1).
		Stacking(common.NewStackingConfigBuilder().Mode(common.StackingModeNormal))
}

func thresholds(base string, steps ...dashboard.Threshold) *dashboard.ThresholdsConfigBuilder {
	all := append([]dashboard.Threshold{{Value: nil, Color: base}}, steps...)
	return dashboard.NewThresholdsConfigBuilder().Mode(dashboard.ThresholdsModeAbsolute).Steps(all)
}

func step(v float64, color string) dashboard.Threshold {
	return dashboard.Threshold{Value: cog.ToPtr(v), Color: color}
}

func singleStat(id uint32, title, desc, unit string, w, h uint32) *stat.PanelBuilder {
	return stat.NewPanelBuilder().Id(id).Title(title).Description(desc).Unit(unit).
		Datasource(datasource).Span(w).Height(h).
		ColorMode(common.BigValueColorModeBackground).GraphMode(common.BigValueGraphModeNone).
		Orientation(common.VizOrientationAuto).
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"}))
}

func barGauge(id uint32, title, desc, unit string, w, h uint32) *bargauge.PanelBuilder {
	return bargauge.NewPanelBuilder().Id(id).Title(title).Description(desc).Unit(unit).
		Datasource(datasource).Span(w).Height(h).
		Orientation(common.VizOrientationHorizontal).DisplayMode(common.BarGaugeDisplayModeGradient).
		ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"}))
}

// allVariable is a query variable over label values, multi-value with an
// All that matches allValue.
func allVariable(name, label, query, allValue string) *dashboard.QueryVariableBuilder {
	return dashboard.NewQueryVariableBuilder(name).
		Label(label).
		Datasource(datasource).
		Query(dashboard.StringOrMap{String: cog.ToPtr(query)}).
		Refresh(dashboard.VariableRefreshOnTimeRangeChanged).
		Sort(dashboard.VariableSortAlphabeticalAsc).
		Multi(true).
		IncludeAll(true).
		AllValue(allValue).
		Current(dashboard.VariableOption{Text: dashboard.StringOrArrayOfString{String: cog.ToPtr("All")}, Value: dashboard.StringOrArrayOfString{String: cog.ToPtr("$__all")}})
}

// pipelineLinks are the data links of a panel whose series name a pipeline:
// its runs in the web UI of `dagrun serve` (the grid of its runs, each a link
// to the run's page), and the same in its API.
func pipelineLinks() []cog.Builder[dashboard.DashboardLink] {
	return []cog.Builder[dashboard.DashboardLink]{
		dashboard.NewDashboardLinkBuilder("Runs of ${__field.labels.pipeline} in dagrun").
			Url("${dagrun_url}/ui/#/grid/${__field.labels.pipeline}").
			TargetBlank(true),
		dashboard.NewDashboardLinkBuilder("${__field.labels.pipeline} in dagrun's API").
			Url("${dagrun_url}/api/v1/pipelines/${__field.labels.pipeline}").
			TargetBlank(true),
	}
}

// Build returns the dashboard.
func Build() (dashboard.Dashboard, error) {
	const (
		byPipeline = metrics.LabelPipeline
		byPipe     = metrics.LabelPipeline + ", " + metrics.LabelPipe
	)
	runsByStatus := delta(byPipeline+", "+metrics.LabelStatus, sel(metrics.PipelineRunsTotal, pipelineSel), "$__interval")
	successRatio := fmt.Sprintf(`sum by (%[1]s) (%[2]s) / sum by (%[1]s) (%[3]s)`,
		byPipeline,
		delta(byPipeline, sel(metrics.PipelineRunsTotal, pipelineSel, `status="succeeded"`), "$__range"),
		delta(byPipeline, sel(metrics.PipelineRunsTotal, pipelineSel), "$__range"))
	runsInRange := delta(byPipeline+", "+metrics.LabelStatus, sel(metrics.PipelineRunsTotal, pipelineSel), "$__range")
	sinceRun := fmt.Sprintf(`time() - max by (%s) (%s)`, byPipeline,
		sel(metrics.PipelineLastRunTimestampSeconds, pipelineSel, `status="succeeded"`))
	runningRuns := fmt.Sprintf(`sum by (%s) (%s)`, byPipeline, sel(metrics.PipelineRunning, pipelineSel))
	runEnds := fmt.Sprintf(`max by (%s, %s) (%s) * 1000`, byPipeline, metrics.LabelStatus,
		sel(metrics.PipelineLastRunTimestampSeconds, pipelineSel))

	pipeFailures := func(window string) string {
		return delta(byPipe, sel(metrics.PipeRunsTotal, pipelineSel, pipeSel, `status="failed"`), window)
	}
	pipeRetries := delta(byPipe, sel(metrics.PipeRetriesTotal, pipelineSel, pipeSel), "$__interval")
	attempts := delta(byPipe+", "+metrics.LabelResult, sel(metrics.PipeAttemptsTotal, pipelineSel, pipeSel), "$__interval")
	pipeRuns := delta(byPipe+", "+metrics.LabelStatus, sel(metrics.PipeRunsTotal, pipelineSel, pipeSel), "$__interval")
	runningPipes := fmt.Sprintf(`sum by (%s) (%s)`, byPipe, sel(metrics.PipeRunning, pipelineSel, pipeSel))
	pipelineDeadlines := delta(byPipeline, sel(metrics.PipelineDeadlineMissedTotal, pipelineSel), "$__interval")
	pipeDeadlines := delta(byPipe, sel(metrics.PipeDeadlineMissedTotal, pipelineSel, pipeSel), "$__interval")
	sincePipe := fmt.Sprintf(`time() - max by (%s) (%s)`, byPipe,
		sel(metrics.PipeLastSuccessTimestampSeconds, pipelineSel, pipeSel))

	b := dashboard.NewDashboardBuilder("dagrun").
		Uid(UID).
		Description("Runs, durations, retries and failures of dagrun pipelines and of each pipe, from the metrics of `dagrun apply --metrics-listen`, `dagrun serve` or a Pushgateway fed by `dagrun apply --pushgateway`.").
		Tags([]string{"dagrun"}).
		Editable().
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		Refresh("1m").
		Time("now-6h", "now").
		Timezone(common.TimeZoneBrowser).
		WithVariable(dashboard.NewDatasourceVariableBuilder("datasource").
			Label("Data source").
			Type("prometheus")).
		WithVariable(allVariable("job", "Job",
			fmt.Sprintf("label_values(%s, job)", metrics.PipelineRunsTotal), ".*")).
		WithVariable(allVariable("instance", "Instance",
			fmt.Sprintf(`label_values(%s{%s}, instance)`, metrics.PipelineRunsTotal, jobSel), ".*")).
		WithVariable(allVariable("pipeline", "Pipeline",
			fmt.Sprintf("label_values(%s, %s)", sel(metrics.PipelineRunsTotal), metrics.LabelPipeline), ".+")).
		WithVariable(allVariable("pipe", "Pipe",
			fmt.Sprintf("label_values(%s, %s)", sel(metrics.PipeRunsTotal, pipelineSel), metrics.LabelPipe), ".+")).
		WithVariable(dashboard.NewTextBoxVariableBuilder("dagrun_url").
			Label("dagrun serve URL").
			Description("Where `dagrun serve` answers, for the links from a pipeline to its runs in the web UI.").
			DefaultValue(dashboard.StringOrMap{String: cog.ToPtr("http://127.0.0.1:8080")})).
		Annotation(dashboard.NewAnnotationQueryBuilder().
			Name("Runs").
			Datasource(datasource).
			Enable(true).
			IconColor("blue").
			Expr(runEnds).
			Step("$__interval").
			UseValueForTime(true).
			TitleFormat("{{pipeline}}: run {{status}}").
			TagKeys("pipeline,status")).
		Link(dashboard.NewDashboardLinkBuilder("dagrun").
			Type(dashboard.DashboardLinkTypeLink).
			Url("${dagrun_url}/ui/").
			Tooltip("The pipelines and their runs in the web UI of `dagrun serve`").
			TargetBlank(true)).

		// Pipelines: is the pipeline healthy as a whole?
		WithRow(dashboard.NewRowBuilder("Pipelines").Id(100)).
		WithPanel(singleStat(1, "Success ratio",
			"Share of the pipeline's runs in the time range that succeeded.",
			"percentunit", 6, 5).
			Min(0).Max(1).Decimals(1).
			Thresholds(thresholds("red", step(0.9, "orange"), step(0.99, "green"))).
			DataLinks(pipelineLinks()).
			WithTarget(instant("A", successRatio, "{{pipeline}}"))).
		WithPanel(singleStat(2, "Time since last successful run",
			"How long ago a run of the pipeline last succeeded.",
			"s", 6, 5).
			Thresholds(thresholds("green", step(86400, "orange"), step(172800, "red"))).
			DataLinks(pipelineLinks()).
			WithTarget(instant("A", sinceRun, "{{pipeline}}"))).
		WithPanel(singleStat(3, "Runs in progress",
			"Runs of the pipeline in progress now.",
			"none", 4, 5).
			Thresholds(thresholds("text")).
			WithTarget(instant("A", runningRuns, "{{pipeline}}"))).
		WithPanel(barGauge(16, "Runs in range by status",
			"Runs of the pipeline that ended in the time range, by final status.",
			"none", 8, 5).
			Thresholds(thresholds("text")).
			DataLinks(pipelineLinks()).
			WithTarget(instant("A", runsInRange, "{{pipeline}} {{status}}"))).
		WithPanel(bars(timeSeries(4, "Pipeline runs by status",
			"Runs that ended in each interval, by final status: the bars add up to the runs of the range.",
			"none", 12, 8)).
			DataLinks(pipelineLinks()).
			WithTarget(query("A", runsByStatus, "{{pipeline}} {{status}}"))).
		WithPanel(timeSeries(5, "Pipeline duration",
			"p50 and p95 of the duration of finished runs. A diamond is an exemplar: the trace of a run in that bucket (with tracing on).",
			"s", 12, 8).
			WithTarget(query("A", quantile(0.5, metrics.PipelineDurationSeconds, byPipeline, pipelineSel), "{{pipeline}} p50")).
			WithTarget(query("B", quantile(0.95, metrics.PipelineDurationSeconds, byPipeline, pipelineSel), "{{pipeline}} p95").Exemplar(true))).
		WithPanel(bars(timeSeries(17, "Missed deadlines",
			"Deadlines (`deadline` of the pipeline or of a pipe) that passed before what they were set on had ended, in each interval. The runs went on.",
			"none", 24, 6)).
			WithTarget(query("A", pipelineDeadlines, "{{pipeline}}")).
			WithTarget(query("B", pipeDeadlines, "{{pipeline}} / {{pipe}}"))).

		// Pipes: which pipe is slow, flaky or failing?
		WithRow(dashboard.NewRowBuilder("Pipes").Id(101)).
		WithPanel(timeSeries(6, "Pipe duration p50 / p95",
			"Duration of whole pipes (retries and back-off included), p50 and p95; exemplars link to the trace of a run.",
			"s", 12, 8).
			WithTarget(query("A", quantile(0.5, metrics.PipeDurationSeconds, byPipe, pipelineSel, pipeSel), "{{pipeline}} / {{pipe}} p50")).
			WithTarget(query("B", quantile(0.95, metrics.PipeDurationSeconds, byPipe, pipelineSel, pipeSel), "{{pipeline}} / {{pipe}} p95").Exemplar(true))).
		WithPanel(timeSeries(7, "Attempt duration p95",
			"p95 of the duration of single attempts; compare with the pipe duration to see what retries cost.",
			"s", 12, 8).
			WithTarget(query("A", quantile(0.95, metrics.PipeAttemptDurationSeconds, byPipe, pipelineSel, pipeSel), "{{pipeline}} / {{pipe}}").Exemplar(true))).
		WithPanel(bars(timeSeries(8, "Failures by pipe",
			"Pipes that ended failed in each interval.",
			"none", 12, 8)).
			WithTarget(query("A", pipeFailures("$__interval"), "{{pipeline}} / {{pipe}}"))).
		WithPanel(bars(timeSeries(9, "Retries by pipe",
			"Retries scheduled after failed attempts, in each interval.",
			"none", 12, 8)).
			WithTarget(query("A", pipeRetries, "{{pipeline}} / {{pipe}}"))).
		WithPanel(bars(timeSeries(10, "Pipe runs by status",
			"Pipes that ended in each interval, by final status; for_each instances count one each.",
			"none", 12, 8)).
			WithTarget(query("A", pipeRuns, "{{pipeline}} / {{pipe}} {{status}}"))).
		WithPanel(bars(timeSeries(11, "Attempts by result",
			"Attempts that ended in each interval: ok, error or timeout.",
			"none", 12, 8)).
			WithTarget(query("A", attempts, "{{pipeline}} / {{pipe}} {{result}}"))).
		WithPanel(timeSeries(12, "Running pipes",
			"Pipe attempts running now (for_each instances add up).",
			"none", 12, 8).
			WithTarget(query("A", runningPipes, "{{pipeline}} / {{pipe}}"))).
		WithPanel(timeSeries(13, "Queue wait p95",
			"p95 of the time pipes waited for a parallelism or pool slot after their dependencies were done.",
			"s", 12, 8).
			WithTarget(query("A", quantile(0.95, metrics.PipeQueueSeconds, byPipe, pipelineSel, pipeSel), "{{pipeline}} / {{pipe}}"))).
		WithPanel(barGauge(14, "Failed pipes in range",
			"Pipes that ended failed over the whole time range.",
			"none", 12, 8).
			Thresholds(thresholds("green", step(1, "red"))).
			WithTarget(instant("A", "sort_desc("+pipeFailures("$__range")+")", "{{pipeline}} / {{pipe}}"))).
		WithPanel(barGauge(15, "Time since last success by pipe",
			"How long ago each pipe last succeeded.",
			"s", 12, 8).
			Thresholds(thresholds("green", step(86400, "orange"), step(172800, "red"))).
			WithTarget(instant("A", "sort_desc("+sincePipe+")", "{{pipeline}} / {{pipe}}")))

	return b.Build()
}
