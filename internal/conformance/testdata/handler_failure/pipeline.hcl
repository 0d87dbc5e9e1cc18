# Handlers of a failed run: once every pipe has ended, the failure handler
# runs (reading run.status, run.failed and any pipe), then the exit handler;
# the success and cancel handlers are skipped. The exit handler fails after
# its own retry: that is recorded, and the run's status is still its pipes'.
defaults {
  retries     = 0
  retry_delay = "1ms"
}

pipe "ok" {
  use   = "value"
  value = "ok"
}

pipe "bad" {
  use     = "exec"
  command = ["sh", "-c", "exit 3"]
}

pipe "after_bad" {
  use        = "value"
  value      = "never"
  depends_on = [pipe.bad]
}

handler "success" {
  use   = "value"
  value = "success"
}

handler "failure" {
  use   = "value"
  value = "${run.status}: ${join(",", run.failed)} (ok ${pipe.ok.status}, after_bad ${pipe.after_bad.status})"
}

handler "cancel" {
  use   = "value"
  value = "cancel"
}

handler "exit" {
  use     = "exec"
  retries = 1
  command = ["sh", "-c", "exit 4"]
}
