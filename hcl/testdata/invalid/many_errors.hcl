# Every error of a file is reported, not just the first.
pipe "a" {
  use         = "exec"
  command     = ["./a"]
  retries     = -2          # ERROR: Invalid value for retries
  retry_delay = "soon"      # ERROR: Invalid duration
  trigger     = "whenever"  # ERROR: Invalid trigger
}

pipe "b" {
  use     = "exce"          # ERROR: Unknown pipe type
  command = ["./b"]
}

pipe "c" {
  use     = "exec"
  command = ["./c", pipe.nope.output.stdout]   # ERROR: Reference to undeclared pipe
}
