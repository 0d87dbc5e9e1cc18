pipe "a" {
  use     = "exec"
  command = ["./a"]
  timeout = "-1s"   # ERROR: Invalid duration
}
