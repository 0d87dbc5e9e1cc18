pipe "up" {
  use     = "exec"
  command = ["true"]
}

pipe "both" {
  use  = "wait"
  path = "ready.flag"
  url  = "http://127.0.0.1:8080/health"   # ERROR: Conflicting arguments
}

pipe "none" {   # ERROR: Missing argument
  use      = "wait"
  interval = "1s"
}

pipe "late_known" {
  use  = "wait"
  expr = pipe.up.output.stdout == "ok"
  path = "x"   # ERROR: Conflicting arguments
}

pipe "bad_values" {
  use         = "wait"
  path        = "x"
  interval    = 5          # ERROR: Invalid argument
  deadline    = "-1s"      # ERROR: Invalid argument
  on_deadline = "later"    # ERROR: Invalid argument
}

pipe "bad_url" {
  use = "wait"
  url = "ftp://127.0.0.1/x"   # ERROR: Invalid argument
}

pipe "bad_command" {
  use     = "wait"
  command = []   # ERROR: Invalid argument
}

pipe "bad_type" {
  use  = "wait"
  expr = "maybe"   # ERROR: Incorrect attribute value type
}
