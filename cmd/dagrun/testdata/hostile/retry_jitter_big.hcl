pipe "a" {
  use = "value"
  value = 1
  retry_jitter = 5
}
