# one_failed: at least one upstream failed.
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
  trigger    = "one_failed"
  depends_on = [pipe.ok, pipe.bad]
}

pipe "not_met" {
  use        = "value"
  value      = "ran"
  trigger    = "one_failed"
  depends_on = [pipe.ok, pipe.skip]
}
