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

# retry_delays comes down like retry_delay; a level that sets retry_delay
# (or retry_backoff) replaces it.
pipe "explicit" {
  retry_delays = ["1s", "10s"]

  pipe "takes_them" {
    use = "flaky"
  }
  pipe "own_delay" {
    use         = "flaky"
    retry_delay = "2s"
  }
}
