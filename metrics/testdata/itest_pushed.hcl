# The pipeline `dagrun apply --pushgateway --metrics-textfile` runs in the
# integration test (integration_test.go): a short run that succeeds, with a
# retry, so the pushed series include a finished, succeeded run
# (dagrun_pipeline_last_run_timestamp_seconds{status="succeeded"}).
pipeline "itest_pushed" {
  parallelism = 2
  deadline    = "100ms" # missed: the run lasts longer
}

defaults {
  retries     = 1
  retry_delay = "100ms"
}

pipe "extract" {
  use     = "exec"
  command = ["sleep", "0.2"]
}

pipe "flaky" {
  deadline    = "50ms" # missed: its retry alone waits longer
  use    = "exec"
  script = "sleep 0.1; [ \"$DAGRUN_ATTEMPT\" -ge 2 ]"
}

pipe "publish" {
  use        = "sleep"
  duration   = "100ms"
  depends_on = [pipe.extract, pipe.flaky]
}
