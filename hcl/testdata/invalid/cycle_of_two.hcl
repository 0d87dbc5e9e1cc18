pipe "a" {   # ERROR: Dependency cycle
  use     = "exec"
  command = ["./a", pipe.b.output.stdout]
}

pipe "b" {
  use        = "exec"
  command    = ["./b"]
  depends_on = [pipe.a]
}
