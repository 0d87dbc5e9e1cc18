defaults {
  retry_jitter = 1.5   # ERROR: Invalid value for retry_jitter
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
