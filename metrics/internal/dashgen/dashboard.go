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

// Template variables. Every query filters on pipeline and pipe with =~, so the
// multi-value and "All" selections (which Grafana expands to a regex) work.
var (
	pipelineSel = metrics.LabelPipeline + `=~"$pipeline"`
	pipeSel     = metrics.LabelPipe + `=~"$pipe"`
)

// sel returns name{matchers...}.
func sel(name string, matchers ...string) string {
	return name + "{" + strings.Join(matchers, ", ") + "}"
}

func bucket(name string) string { return name + "_bucket" }

// quantile is the q-quantile of histogram name (a selector without _bucket),
// per the by labels.
func quantile(q float64, name string, by string, matchers ...string) string {
	return fmt.Sprintf("histogram_quantile(%g, sum by (%s, le) (rate(%s[$__rate_interval])))", q, by, sel(bucket(name), matchers...))
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

// Build returns the dashboard.
func Build() (dashboard.Dashboard, error) {
	const (
		byPipeline = metrics.LabelPipeline
		byPipe     = metrics.LabelPipeline + ", " + metrics.LabelPipe
	)
	runsByStatus := fmt.Sprintf(`sum by (%s, %s) (increase(%s[$__rate_interval]))`,
		metrics.LabelPipeline, metrics.LabelStatus, sel(metrics.PipelineRunsTotal, pipelineSel))
	successRatio := fmt.Sprintf(`sum by (%[1]s) (increase(%[2]s[$__range])) / sum by (%[1]s) (increase(%[3]s[$__range]))`,
		byPipeline,
		sel(metrics.PipelineRunsTotal, pipelineSel, `status="succeeded"`),
		sel(metrics.PipelineRunsTotal, pipelineSel))
	sinceRun := fmt.Sprintf(`time() - max by (%s) (%s)`, byPipeline,
		sel(metrics.PipelineLastRunTimestampSeconds, pipelineSel, `status="succeeded"`))
	runningRuns := fmt.Sprintf(`sum by (%s) (%s)`, byPipeline, sel(metrics.PipelineRunning, pipelineSel))

	pipeFailures := func(window string) string {
		return fmt.Sprintf(`sum by (%s) (increase(%s[%s]))`, byPipe,
			sel(metrics.PipeRunsTotal, pipelineSel, pipeSel, `status="failed"`), window)
	}
	pipeRetries := fmt.Sprintf(`sum by (%s) (increase(%s[$__rate_interval]))`, byPipe,
		sel(metrics.PipeRetriesTotal, pipelineSel, pipeSel))
	attempts := fmt.Sprintf(`sum by (%s, %s) (increase(%s[$__rate_interval]))`, byPipe, metrics.LabelResult,
		sel(metrics.PipeAttemptsTotal, pipelineSel, pipeSel))
	pipeRuns := fmt.Sprintf(`sum by (%s, %s) (increase(%s[$__rate_interval]))`, byPipe, metrics.LabelStatus,
		sel(metrics.PipeRunsTotal, pipelineSel, pipeSel))
	runningPipes := fmt.Sprintf(`sum by (%s) (%s)`, byPipe, sel(metrics.PipeRunning, pipelineSel, pipeSel))
	sincePipe := fmt.Sprintf(`time() - max by (%s) (%s)`, byPipe,
		sel(metrics.PipeLastSuccessTimestampSeconds, pipelineSel, pipeSel))

	b := dashboard.NewDashboardBuilder("dagrun").
		Uid(UID).
		Description("Runs, durations, retries and failures of dagrun pipelines and of each pipe, from the metrics of `dagrun apply --metrics-listen`, `dagrun serve` or a Pushgateway.").
		Tags([]string{"dagrun"}).
		Editable().
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		Refresh("1m").
		Time("now-6h", "now").
		Timezone(common.TimeZoneBrowser).
		WithVariable(dashboard.NewDatasourceVariableBuilder("datasource").
			Label("Data source").
			Type("prometheus")).
		WithVariable(dashboard.NewQueryVariableBuilder("pipeline").
			Label("Pipeline").
			Datasource(datasource).
			Query(dashboard.StringOrMap{String: cog.ToPtr(fmt.Sprintf("label_values(%s, %s)", metrics.PipelineRunsTotal, metrics.LabelPipeline))}).
			Refresh(dashboard.VariableRefreshOnTimeRangeChanged).
			Sort(dashboard.VariableSortAlphabeticalAsc).
			Multi(true).
			IncludeAll(true).
			Current(dashboard.VariableOption{Text: dashboard.StringOrArrayOfString{String: cog.ToPtr("All")}, Value: dashboard.StringOrArrayOfString{String: cog.ToPtr("$__all")}})).
		WithVariable(dashboard.NewQueryVariableBuilder("pipe").
			Label("Pipe").
			Datasource(datasource).
			Query(dashboard.StringOrMap{String: cog.ToPtr(fmt.Sprintf("label_values(%s, %s)", sel(metrics.PipeRunsTotal, pipelineSel), metrics.LabelPipe))}).
			Refresh(dashboard.VariableRefreshOnTimeRangeChanged).
			Sort(dashboard.VariableSortAlphabeticalAsc).
			Multi(true).
			IncludeAll(true).
			Current(dashboard.VariableOption{Text: dashboard.StringOrArrayOfString{String: cog.ToPtr("All")}, Value: dashboard.StringOrArrayOfString{String: cog.ToPtr("$__all")}})).

		// Pipelines: is the pipeline healthy as a whole?
		WithRow(dashboard.NewRowBuilder("Pipelines").Id(100)).
		WithPanel(singleStat(1, "Success ratio",
			"Share of the pipeline's runs in the time range that succeeded.",
			"percentunit", 6, 5).
			Min(0).Max(1).Decimals(1).
			Thresholds(thresholds("red", step(0.9, "orange"), step(0.99, "green"))).
			WithTarget(instant("A", successRatio, "{{pipeline}}"))).
		WithPanel(singleStat(2, "Time since last successful run",
			"How long ago a run of the pipeline last succeeded.",
			"s", 6, 5).
			Thresholds(thresholds("green", step(86400, "orange"), step(172800, "red"))).
			WithTarget(instant("A", sinceRun, "{{pipeline}}"))).
		WithPanel(singleStat(3, "Runs in progress",
			"Runs of the pipeline in progress now.",
			"none", 4, 5).
			Thresholds(thresholds("text")).
			WithTarget(instant("A", runningRuns, "{{pipeline}}"))).
		WithPanel(bars(timeSeries(4, "Pipeline runs by status",
			"Finished runs per interval, by final status.",
			"none", 8, 5)).
			WithTarget(query("A", runsByStatus, "{{pipeline}} {{status}}"))).
		WithPanel(timeSeries(5, "Pipeline duration",
			"p50 and p95 of the duration of finished runs.",
			"s", 24, 8).
			WithTarget(query("A", quantile(0.5, metrics.PipelineDurationSeconds, byPipeline, pipelineSel), "{{pipeline}} p50")).
			WithTarget(query("B", quantile(0.95, metrics.PipelineDurationSeconds, byPipeline, pipelineSel), "{{pipeline}} p95"))).

		// Pipes: which pipe is slow, flaky or failing?
		WithRow(dashboard.NewRowBuilder("Pipes").Id(101)).
		WithPanel(timeSeries(6, "Pipe duration p50 / p95",
			"Duration of whole pipes (retries and back-off included), p50 and p95.",
			"s", 12, 8).
			WithTarget(query("A", quantile(0.5, metrics.PipeDurationSeconds, byPipe, pipelineSel, pipeSel), "{{pipe}} p50")).
			WithTarget(query("B", quantile(0.95, metrics.PipeDurationSeconds, byPipe, pipelineSel, pipeSel), "{{pipe}} p95"))).
		WithPanel(timeSeries(7, "Attempt duration p95",
			"p95 of the duration of single attempts; compare with the pipe duration to see what retries cost.",
			"s", 12, 8).
			WithTarget(query("A", quantile(0.95, metrics.PipeAttemptDurationSeconds, byPipe, pipelineSel, pipeSel), "{{pipe}}"))).
		WithPanel(bars(timeSeries(8, "Failures by pipe",
			"Pipes that ended failed, per interval.",
			"none", 12, 8)).
			WithTarget(query("A", pipeFailures("$__rate_interval"), "{{pipe}}"))).
		WithPanel(bars(timeSeries(9, "Retries by pipe",
			"Retries scheduled after failed attempts, per interval.",
			"none", 12, 8)).
			WithTarget(query("A", pipeRetries, "{{pipe}}"))).
		WithPanel(bars(timeSeries(10, "Pipe runs by status",
			"Finished pipes per interval, by final status; for_each instances count one each.",
			"none", 12, 8)).
			WithTarget(query("A", pipeRuns, "{{pipe}} {{status}}"))).
		WithPanel(bars(timeSeries(11, "Attempts by result",
			"Finished attempts per interval: ok, error or timeout.",
			"none", 12, 8)).
			WithTarget(query("A", attempts, "{{pipe}} {{result}}"))).
		WithPanel(timeSeries(12, "Running pipes",
			"Pipe attempts running now (for_each instances add up).",
			"none", 12, 8).
			WithTarget(query("A", runningPipes, "{{pipe}}"))).
		WithPanel(timeSeries(13, "Queue wait p95",
			"p95 of the time pipes waited for a parallelism or pool slot after their dependencies were done.",
			"s", 12, 8).
			WithTarget(query("A", quantile(0.95, metrics.PipeQueueSeconds, byPipe, pipelineSel, pipeSel), "{{pipe}}"))).
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
