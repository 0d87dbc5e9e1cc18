# A condition that cannot be evaluated fails the pipe, without an attempt and
# without retries; its dependents are skipped as after any failure.
defaults {
  retries     = 2
  retry_delay = "5ms"
}

pipe "src" {
  use   = "value"
  value = { a = 1 }
}

pipe "broken_if" {
  use   = "value"
  value = "never"
  if    = pipe.src.output.missing
}

pipe "after" {
  use   = "value"
  value = pipe.broken_if.output
}
