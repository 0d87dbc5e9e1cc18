pipe "a" {   # ERROR: Dependency cycle
  use     = "exec"
  command = ["./a", pipe.c.output.stdout]
}

pipe "b" {
  use     = "exec"
  command = ["./b", pipe.a.output.stdout]
}

pipe "c" {
  use     = "exec"
  command = ["./c"]
  if      = pipe.b.status == "succeeded"
}
