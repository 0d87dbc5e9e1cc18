# on_failure = "fail_fast": the first failure cancels the run. What runs is
# cancelled (fail_fast), what has not started is cancelled without an attempt,
# what finished before keeps its result; the run fails.
pipeline "fail_fast" {
  on_failure = "fail_fast"
}

defaults {
  retries = 0
}

pipe "quick" {
  use   = "value"
  value = "done"
}

pipe "bad" {
  use     = "exec"
  command = ["sh", "-c", "sleep 0.05; exit 1"]
}

pipe "slow" {
  use      = "sleep"
  duration = "300ms"
}

pipe "after_slow" {
  use        = "value"
  value      = "never"
  depends_on = [pipe.slow]
}
