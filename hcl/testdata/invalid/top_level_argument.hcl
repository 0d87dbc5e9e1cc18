parallelism = 4   # ERROR: Unsupported argument

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
