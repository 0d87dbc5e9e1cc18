# all_success (the default): every upstream succeeded. Not met: upstream_failed
# when one failed, upstream_skipped when none failed but one was skipped.
defaults {
  retries = 0
}

pipe "ok" {
  use   = "value"
  value = "ok"
}

pipe "bad" {
  use     = "exec"
  command = ["sh", "-c", "exit 1"]
}

pipe "skip" {
  use   = "value"
  value = "never"
  if    = false
}

pipe "met" {
  use        = "value"
  value      = "ran"
  trigger    = "all_success"
  depends_on = [pipe.ok]
}

pipe "not_met_failed" {
  use        = "value"
  value      = "ran"
  trigger    = "all_success"
  depends_on = [pipe.ok, pipe.bad, pipe.skip]
}

pipe "not_met_skipped" {
  use        = "value"
  value      = "ran"
  depends_on = [pipe.ok, pipe.skip]
}
