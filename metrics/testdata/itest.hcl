# The pipeline `dagrun apply --metrics-listen` runs in the integration test
# (integration_test.go), scraped by a real Prometheus. It lasts about 6 s and
# feeds every series the Grafana dashboard reads:
#   - parallel exec and sleep pipes, some sharing a pool of one slot, so that
#     dagrun_pipe_queue_seconds sees a real wait;
#   - flaky: fails its first attempt and succeeds on the retry (retries_total,
#     attempts_total{result="error"} and {result="ok"});
#   - broken: fails every attempt (runs_total{status="failed"}), and report,
#     which needs it, is skipped (upstream_failed);
#   - disabled: skipped by its `if`;
#   - the pipeline's and flaky's deadlines pass before they end (deadline_missed_total);
#   - linger: runs after everything else whatever happened (trigger all_done)
#     and keeps /metrics up for a few scrapes once the other pipes' series are
#     final. The run exits 1 (broken failed).
pipeline "itest_served" {
  parallelism = 4
  deadline    = "2s" # missed: the run lasts longer
}

defaults {
  retries     = 0
  retry_delay = "100ms"
}

pool "db" {
  size = 1
}

# Three pipes share the one-slot pool: two of them wait about 1 s and 2 s.
pipe "load_a" {
  use      = "sleep"
  duration = "1s"
  pool     = "db"
}

pipe "load_b" {
  use      = "sleep"
  duration = "1s"
  pool     = "db"
}

pipe "load_c" {
  use     = "exec"
  command = ["sleep", "1"]
  pool    = "db"
}

pipe "fetch" {
  use     = "exec"
  command = ["sleep", "0.5"]
}

pipe "flaky" {
  deadline    = "100ms" # missed: its retry alone waits longer
  use         = "exec"
  retries     = 2
  retry_delay = "300ms"
  script      = <<-SH
    sleep 0.3
    if [ "$DAGRUN_ATTEMPT" -lt 2 ]; then
      echo "transient failure on attempt $DAGRUN_ATTEMPT" >&2
      exit 1
    fi
  SH
}

pipe "broken" {
  use         = "exec"
  retries     = 1
  retry_delay = "200ms"
  script      = "sleep 0.2; echo broken >&2; exit 3"
}

pipe "report" {
  use        = "exec"
  command    = ["echo", "report"]
  depends_on = [pipe.broken, pipe.fetch]
}

pipe "disabled" {
  use     = "exec"
  command = ["echo", "never runs"]
  if      = false
}

pipe "linger" {
  use        = "sleep"
  duration   = "3s"
  trigger    = "all_done"
  depends_on = [pipe.load_a, pipe.load_b, pipe.load_c, pipe.flaky, pipe.report, pipe.disabled]
}
