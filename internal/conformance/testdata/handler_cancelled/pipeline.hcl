# A run cancelled from outside (SIGINT; a cancelled context for the library)
# once "slow" has started: its pipes are cancelled, then the cancel and exit
# handlers run to their end, seeing the run cancelled.
defaults {
  retries = 0
}

pipe "first" {
  use   = "value"
  value = "first"
}

pipe "slow" {
  use        = "sleep"
  duration   = "1s"
  depends_on = [pipe.first]
}

pipe "after" {
  use        = "value"
  value      = "after"
  depends_on = [pipe.slow]
}

handler "failure" {
  use   = "value"
  value = "failure"
}

handler "cancel" {
  use   = "value"
  value = "${run.status}: slow ${pipe.slow.status}, after ${pipe.after.status}, first ${pipe.first.output}"
}

handler "exit" {
  use   = "value"
  value = run.status
}
