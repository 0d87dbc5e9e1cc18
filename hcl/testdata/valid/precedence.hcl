# Retry settings, strongest first: the pipe, its composites, defaults, the
# pipe type, the built-in defaults.
defaults {
  retry_backoff   = 3
  retry_max_delay = "1m"
  timeout         = "10s"
}

# flaky (a test type) defaults to 7 retries and a 1s delay.
pipe "by_type" {
  use = "flaky"
}

pipe "by_defaults" {
  use = "sleep"
  duration = "1s"
}

pipe "own" {
  use          = "flaky"
  retries      = 0
  retry_delay  = "250ms"
  retry_jitter = 0.25
  timeout      = "0s"
}

pipe "outer" {
  retries     = 9
  retry_delay = "3s"

  pipe "inner" {
    retry_delay = "4s"

    pipe "leaf" {
      use = "flaky"
    }
    pipe "leaf_own" {
      use     = "flaky"
      retries = 1
    }
  }
}
