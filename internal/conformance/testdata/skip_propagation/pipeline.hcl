# Skips travel down all_success chains: the first pipe after a skipped one is
# upstream_skipped, the first after a failed one upstream_failed, and every
# pipe after that upstream_skipped. none_failed stops the chain.
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
  depends_on = [pipe.f, pipe.d]
}
