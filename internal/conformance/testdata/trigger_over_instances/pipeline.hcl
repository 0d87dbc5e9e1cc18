# A trigger counts each for_each instance as an upstream of its own: after a
# fan-out with one succeeded and one failed instance, one_success and
# one_failed hold, all_failed and all_success do not.
defaults {
  retries = 0
}

pipe "fan" {
  for_each = ["good", "bad"]
  use      = "exec"
  command  = ["sh", "-c", each.value == "bad" ? "exit 1" : "true"]
}

pipe "one_success" {
  use        = "value"
  value      = "ran"
  trigger    = "one_success"
  depends_on = [pipe.fan]
}

pipe "one_failed" {
  use        = "value"
  value      = "ran"
  trigger    = "one_failed"
  depends_on = [pipe.fan]
}

pipe "all_failed" {
  use        = "value"
  value      = "ran"
  trigger    = "all_failed"
  depends_on = [pipe.fan]
}

pipe "all_success" {
  use        = "value"
  value      = "ran"
  depends_on = [pipe.fan]
}
