# Retries with back-off (10ms, then 20ms): a pipe that fails until its third
# attempt succeeds with 3 attempts; one that always fails ends failed after
# all its attempts.
defaults {
  retries = 0
}

pipe "flaky" {
  use             = "exec"
  retries         = 3
  retry_delay     = "10ms"
  retry_backoff   = 2
  retry_max_delay = "50ms"
  script          = <<-SH
    if [ "$DAGRUN_ATTEMPT" -lt 3 ]; then
      echo "attempt $DAGRUN_ATTEMPT fails" >&2
      exit 1
    fi
    echo "attempt=$DAGRUN_ATTEMPT" >> "$DAGRUN_OUTPUT"
  SH
}

pipe "exhausted" {
  use           = "exec"
  retries       = 2
  retry_delay   = "10ms"
  retry_backoff = 2
  command       = ["sh", "-c", "echo no >&2; exit 1"]
}

pipe "uses" {
  use   = "value"
  value = pipe.flaky.output.values.attempt
}

pipe "after_exhausted" {
  use        = "value"
  value      = "never"
  depends_on = [pipe.exhausted]
}
