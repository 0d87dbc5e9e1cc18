pipe "a" {
  use     = "exec"
  command = ["./x"]
  retries = 1 +* 2   # ERROR: Invalid expression
}
