# A run cancelled (SIGINT; a cancelled context for the library) once "slow"
# has started, after "bad" failed: the run is cancelled, and the failure
# handler runs (seeing bad), then the cancel handler, then the exit handler.
defaults {
  retries = 0
}

pipe "bad" {
  use     = "exec"
  command = ["sh", "-c", "exit 6"]
}

pipe "slow" {
  use        = "sleep"
  duration   = "1s"
  depends_on = [pipe.bad]
  trigger    = "all_done"
}

handler "failure" {
  use   = "value"
  value = "${run.status}: ${join(",", run.failed)}"
}

handler "cancel" {
  use   = "value"
  value = "${run.status}: slow ${pipe.slow.status}"
}

handler "exit" {
  use   = "value"
  value = run.status
}
