# The pipeline's timeout stops the run while "slow" runs: the run fails, and
# its failure handler runs after the cancelled pipe, with its own time.
pipeline "handler_timeout" {
  timeout = "500ms"
}

defaults {
  retries = 0
}

pipe "slow" {
  use      = "sleep"
  duration = "1s"
}

handler "failure" {
  use   = "value"
  value = "${run.status}: slow ${pipe.slow.status} [${join(",", run.failed)}]"
}

handler "cancel" {
  use   = "value"
  value = "cancel"
}
