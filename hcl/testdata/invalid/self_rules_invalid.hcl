pipe "a" {
  use      = "exec"
  command  = ["true"]
  skip_if  = self.error != null   # ERROR: Invalid self reference
  retry_if = self.status == "x"   # ERROR: Invalid self reference
}

pipe "b" {
  use      = "exec"
  command  = ["true"]
  skip_if  = "yes"   # ERROR: Invalid skip_if
  retry_if = 3       # ERROR: Invalid retry_if
}

pipe "group" {
  skip_if  = true    # ERROR: skip_if on a composite pipe
  retry_if = true    # ERROR: retry_if on a composite pipe
  pipe "step" {
    use     = "exec"
    command = ["true"]
  }
}

pipe "c" {
  use     = "exec"
  command = ["true"]
  skip_if = pipe.nope.output == 1   # ERROR: Reference to undeclared pipe
}
