pipe "a" {
  use         = "exec"
  command     = ["./a"]
  retry_delay = "5 minutes"   # ERROR: Invalid duration
}
