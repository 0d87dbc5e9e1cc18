pipe "a" {
  use          = "exec"
  command      = ["./a"]
  retry_delays = []   # ERROR: Invalid value for retry_delays
}
