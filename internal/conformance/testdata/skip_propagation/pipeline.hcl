# Skips travel down all_success chains: every pipe after a skipped one is
# upstream_skipped, every pipe after a failed one upstream_failed (the failure
# is carried on). none_failed stops a chain of skips, not one of failures;
# one_failed at the end of the failed chain runs.
defaults {
  retries = 0
}

pipe "off" {
  use   = "value"
  value = "off"
  if    = false
}

pipe "b" {
  use   = "value"
  value = pipe.off.output
}

pipe "c" {
  use   = "value"
  value = pipe.b.output
}

pipe "d" {
  use        = "value"
  value      = "d"
  depends_on = [pipe.c]
}

pipe "bad" {
  use     = "exec"
  command = ["sh", "-c", "exit 1"]
}

pipe "e" {
  use        = "value"
  value      = "e"
  depends_on = [pipe.bad]
}

pipe "f" {
  use        = "value"
  value      = "f"
  depends_on = [pipe.e]
}

pipe "g" {
  use        = "value"
  value      = "g"
  trigger    = "none_failed"
  depends_on = [pipe.d]
}

pipe "h" {
  use        = "value"
  value      = "h"
  trigger    = "one_failed"
  depends_on = [pipe.f]
}

pipe "i" {
  use        = "value"
  value      = "i"
  trigger    = "none_failed"
  depends_on = [pipe.f]
}
