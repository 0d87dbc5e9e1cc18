# one_success: at least one upstream succeeded.
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
  trigger    = "one_success"
  depends_on = [pipe.bad, pipe.ok]
}

pipe "not_met" {
  use        = "value"
  value      = "ran"
  trigger    = "one_success"
  depends_on = [pipe.bad, pipe.skip]
}
