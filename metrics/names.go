package metrics

// Metric names. The dashboard generator, the alerting rules' tests and
// the integration tests refer to these, so a rename shows up everywhere at once.
const (
	PipeRunsTotal                   = "dagrun_pipe_runs_total"
	PipeAttemptsTotal               = "dagrun_pipe_attempts_total"
	PipeRetriesTotal                = "dagrun_pipe_retries_total"
	PipeDurationSeconds             = "dagrun_pipe_duration_seconds"
	PipeAttemptDurationSeconds      = "dagrun_pipe_attempt_duration_seconds"
	PipeQueueSeconds                = "dagrun_pipe_queue_seconds"
	PipeRunning                     = "dagrun_pipe_running"
	PipeLastSuccessTimestampSeconds = "dagrun_pipe_last_success_timestamp_seconds"
	PipelineRunsTotal               = "dagrun_pipeline_runs_total"
	PipelineDurationSeconds         = "dagrun_pipeline_duration_seconds"
	PipelineRunning                 = "dagrun_pipeline_running"
	PipelineLastRunTimestampSeconds = "dagrun_pipeline_last_run_timestamp_seconds"
	BuildInfo                       = "dagrun_build_info"
)

// Label names.
const (
	LabelPipeline  = "pipeline"
	LabelPipe      = "pipe"
	LabelStatus    = "status"
	LabelResult    = "result"
	LabelVersion   = "version"
	LabelGoVersion = "goversion"
)

// MetricNames returns every metric name of a pipeline run, in the order of
// docs/metrics.md's first table.
func MetricNames() []string {
	return []string{
		PipeRunsTotal, PipeAttemptsTotal, PipeRetriesTotal, PipeDurationSeconds,
		PipeAttemptDurationSeconds, PipeQueueSeconds, PipeRunning,
		PipeLastSuccessTimestampSeconds, PipelineRunsTotal, PipelineDurationSeconds,
		PipelineRunning, PipelineLastRunTimestampSeconds, BuildInfo,
		PipeDeadlineMissedTotal, PipelineDeadlineMissedTotal,
	}
}

// Label values. Only these ever appear, so every series can be created up front.
var (
	pipeStatuses     = []string{"succeeded", "failed", "skipped", "cancelled", "up_to_date"}
	pipelineStatuses = []string{"succeeded", "failed", "cancelled"}
	attemptResults   = []string{"ok", "error", "timeout"}
)
