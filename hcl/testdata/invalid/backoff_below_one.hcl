pipe "a" {
  use           = "exec"
  command       = ["./a"]
  retry_backoff = 0.5   # ERROR: Invalid value for retry_backoff
}
