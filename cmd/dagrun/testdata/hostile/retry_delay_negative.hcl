pipe "a" {
  use = "value"
  value = 1
  retry_delay = "-1s"
}
