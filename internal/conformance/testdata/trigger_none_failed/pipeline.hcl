# none_failed: no upstream failed or was cancelled; skipped upstreams are fine.
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
  trigger    = "none_failed"
  depends_on = [pipe.ok, pipe.skip]
}

pipe "met_all_skipped" {
  use        = "value"
  value      = "ran"
  trigger    = "none_failed"
  depends_on = [pipe.skip]
}

pipe "not_met" {
  use        = "value"
  value      = "ran"
  trigger    = "none_failed"
  depends_on = [pipe.ok, pipe.bad]
}
