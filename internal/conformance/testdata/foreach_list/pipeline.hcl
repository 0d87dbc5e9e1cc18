# for_each over a list: keys are the indexes. One failed instance fails the
# fan-out; an all_done pipe reads each instance's status.
defaults {
  retries = 0
}

pipe "check" {
  for_each = ["alpha", "beta", "gamma"]
  use      = "exec"
  command  = ["sh", "-c", each.value == "beta" ? "exit 4" : "echo ${each.value}"]
}

pipe "summary" {
  use     = "value"
  trigger = "all_done"
  value   = { for k, v in pipe.check : k => v.status }
}

pipe "strict" {
  use        = "value"
  value      = "strict"
  depends_on = [pipe.check]
}
