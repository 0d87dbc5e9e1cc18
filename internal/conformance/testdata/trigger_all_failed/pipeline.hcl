# all_failed: every upstream failed.
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

pipe "bad2" {
  use     = "exec"
  command = ["sh", "-c", "exit 2"]
}

pipe "met" {
  use        = "value"
  value      = "ran"
  trigger    = "all_failed"
  depends_on = [pipe.bad, pipe.bad2]
}

pipe "not_met_succeeded" {
  use        = "value"
  value      = "ran"
  trigger    = "all_failed"
  depends_on = [pipe.bad, pipe.ok]
}

pipe "not_met_skipped" {
  use        = "value"
  value      = "ran"
  trigger    = "all_failed"
  depends_on = [pipe.bad, pipe.skip]
}
