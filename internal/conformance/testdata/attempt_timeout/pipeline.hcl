# `timeout` limits each attempt: an attempt that runs out is a failed attempt
# (result timeout), retried like any other.
defaults {
  retries = 0
}

pipe "slow_sleep" {
  use         = "sleep"
  duration    = "300ms"
  timeout     = "50ms"
  retries     = 1
  retry_delay = "10ms"
}

pipe "slow_exec" {
  use     = "exec"
  command = ["sh", "-c", "sleep 0.3"]
  timeout = "100ms"
}

pipe "fast" {
  use      = "sleep"
  duration = "10ms"
  timeout  = "250ms"
}

pipe "after" {
  use        = "value"
  value      = "never"
  depends_on = [pipe.slow_sleep]
}
