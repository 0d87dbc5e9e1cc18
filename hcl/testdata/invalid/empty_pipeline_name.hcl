pipeline "" {   # ERROR: Invalid pipeline name
  parallelism = 2
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
