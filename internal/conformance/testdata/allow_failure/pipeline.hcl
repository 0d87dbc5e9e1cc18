# allow_failure: the pipe fails (after its retries) and is recorded failed,
# but its dependents see a success and the run succeeds.
defaults {
  retries     = 1
  retry_delay = "1ms"
}

pipe "lint" {
  use           = "exec"
  command       = ["sh", "-c", "exit 1"]
  allow_failure = true
}

pipe "build" {
  use        = "value"
  value      = "built"
  depends_on = [pipe.lint]
}
