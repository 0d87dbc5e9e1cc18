# retry_on_exit_codes: a failure with a listed code is retried, another is
# not; retry_delays gives each delay.
defaults {
  retries      = 2
  retry_delays = ["1ms", "5ms"]
}

pipe "usage_error" {
  use                 = "exec"
  command             = ["sh", "-c", "exit 1"]
  retry_on_exit_codes = [75]
}

pipe "temporary" {
  use                 = "exec"
  command             = ["sh", "-c", "exit 75"]
  retry_on_exit_codes = [75]
}
