pipeline "p" {
  on_failure = "failfast"   # ERROR: Invalid on_failure
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
