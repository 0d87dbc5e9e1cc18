# `if`: evaluated once the trigger holds; false skips the pipe (condition_false)
# and, through all_success, its dependents (upstream_skipped).
defaults {
  retries = 0
}

pipe "cfg" {
  use   = "value"
  value = { enabled = true, mode = "fast" }
}

pipe "yes" {
  use   = "value"
  value = "yes"
  if    = pipe.cfg.output.enabled
}

pipe "no" {
  use   = "value"
  value = "no"
  if    = pipe.cfg.output.mode == "slow"
}

pipe "literal_false" {
  use     = "exec"
  command = ["sh", "-c", "exit 1"]
  if      = false
}

pipe "after_yes" {
  use   = "value"
  value = "after ${pipe.yes.output}"
}

pipe "after_no" {
  use   = "value"
  value = "after ${pipe.no.output}"
}

pipe "after_no_none_failed" {
  use        = "value"
  value      = "ran"
  trigger    = "none_failed"
  depends_on = [pipe.no]
}
