# The whole run's timeout: running pipes are cancelled (run_timeout), pipes not
# started too, an all_done cleanup included; a composite with a cancelled step
# is cancelled; the run fails.
pipeline "run_timeout" {
  timeout = "500ms"
}

defaults {
  retries = 0
}

pipe "first" {
  use   = "value"
  value = 1
}

pipe "slow" {
  use        = "sleep"
  duration   = "1s"
  depends_on = [pipe.first]
}

pipe "after" {
  use        = "value"
  value      = 2
  depends_on = [pipe.slow]
}

pipe "cleanup" {
  use        = "value"
  value      = 3
  trigger    = "all_done"
  depends_on = [pipe.slow]
}

pipe "grp" {
  pipe "long" {
    use      = "sleep"
    duration = "1s"
  }

  pipe "short" {
    use   = "value"
    value = 4
  }
}
