# The trigger is decided first, then `if`: a pipe whose trigger is not met is
# skipped for that, whatever its condition; a condition may read the status of
# an upstream that failed.
defaults {
  retries = 0
}

pipe "ok" {
  use   = "value"
  value = "ok"
}

pipe "bad" {
  use     = "exec"
  command = ["sh", "-c", "exit 5"]
}

pipe "trigger_first" {
  use        = "value"
  value      = "ran"
  trigger    = "one_failed"
  depends_on = [pipe.ok]
  if         = false
}

pipe "cond_true_after_failure" {
  use     = "value"
  trigger = "all_done"
  if      = pipe.bad.status == "failed"
  value   = pipe.bad.output.exit_code
}

pipe "cond_false_after_failure" {
  use     = "value"
  trigger = "all_done"
  if      = pipe.bad.status == "succeeded"
  value   = "ran"
}
