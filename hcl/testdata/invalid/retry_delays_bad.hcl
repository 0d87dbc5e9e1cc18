pipe "a" {
  use          = "exec"
  command      = ["./a"]
  retry_delays = ["1s", "soon"]   # ERROR: Invalid duration
}
