pipeline "p" {
  parallelism = "many"   # ERROR: Incorrect attribute value type
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
