defaults {
  retries = 2.5   # ERROR: Invalid value for retries
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
