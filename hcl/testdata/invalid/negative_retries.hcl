pipe "a" {
  use     = "exec"
  command = ["./a"]
  retries = -1   # ERROR: Invalid value for retries
}
