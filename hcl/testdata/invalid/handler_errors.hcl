# Handlers and deadlines checked at load.
pipe "a" {
  use      = "exec"
  command  = ["./a"]
  deadline = true            # ERROR: Invalid duration
}

pipe "b" {
  use      = "exec"
  command  = ["./b", run.status]   # ERROR: Run reference not allowed here
  deadline = "soon"          # ERROR: Invalid duration
}

handler "failed" {           # ERROR: Unknown handler kind
  use     = "exec"
  command = ["./notify"]
}

handler "failure" {
  use        = "exec"
  command    = ["./notify", join(",", run.failed), pipe.a.status]
  depends_on = [pipe.a]      # ERROR: depends_on on a handler
  trigger    = "all_done"    # ERROR: trigger on a handler
  deadline   = "1m"          # ERROR: deadline on a handler
}

handler "failure" {          # ERROR: Duplicate handler
  use     = "exec"
  command = ["./again"]
}

handler "exit" {
  use     = "exec"
  command = ["./x", run.nope]   # ERROR: Invalid run reference
  timeout = "5 minutes"      # ERROR: Invalid duration
}

pipe "fan" {
  for_each = toset(["x"])
  pipe "step" {
    use      = "exec"
    command  = ["./s"]
    deadline = "1m"          # ERROR: deadline on a step of a for_each composite
  }
}

handler "cancel" {
  use    = "pipeline"        # ERROR: Handler calling a pipeline
  source = "other.hcl"
}
