pipe "a" {
  use          = "exec"
  command      = ["./a"]
  retry_delays = ["1s", "10s"]
  retry_delay  = "5s"   # ERROR: Conflicting retry settings
}
