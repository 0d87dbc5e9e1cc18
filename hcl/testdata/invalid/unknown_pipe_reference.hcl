pipe "fetch" {
  use     = "exec"
  command = ["./fetch"]
}

pipe "b" {
  use     = "exec"
  command = ["./b", pipe.fecth.output.stdout]   # ERROR: Reference to undeclared pipe
}
