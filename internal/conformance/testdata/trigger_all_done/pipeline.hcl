# all_done: runs once every upstream is done, whatever its status. It has no
# "not met": only a stopping run (see run_timeout) keeps such a pipe from running.
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

pipe "met_mixed" {
  use        = "value"
  value      = "ran"
  trigger    = "all_done"
  depends_on = [pipe.ok, pipe.bad, pipe.skip]
}

pipe "met_reads_failed" {
  use     = "value"
  trigger = "all_done"
  value   = { status = pipe.bad.status, exit_code = pipe.bad.output.exit_code, attempts = pipe.bad.attempts }
}

pipe "met_skipped_only" {
  use        = "value"
  value      = "ran"
  trigger    = "all_done"
  depends_on = [pipe.skip]
}
