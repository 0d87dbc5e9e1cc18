# A pipe that skips itself (an exit code of skip_exit_codes) ends skipped
# (reason self) after one attempt, whatever its retries; what needs it is
# skipped, and a none_failed_min_one_success join of the two branches runs.
defaults {
  retries = 2
}

pipe "check" {
  use             = "exec"
  command         = ["sh", "-c", "exit 99"]
  skip_exit_codes = [99]
}

pipe "branch_a" {
  use        = "value"
  value      = "a"
  depends_on = [pipe.check]
}

pipe "branch_b" {
  use   = "value"
  value = "b"
}

pipe "join" {
  use        = "value"
  value      = "joined"
  trigger    = "none_failed_min_one_success"
  depends_on = [pipe.branch_a, pipe.branch_b]
}
