pipe "a" {
  use     = "exec"
  command = ["./a", pipe.a.output.stdout]   # ERROR: Self-referential pipe
}
