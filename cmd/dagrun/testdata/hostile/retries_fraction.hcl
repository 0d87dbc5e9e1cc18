pipe "a" {
  use = "value"
  value = 1
  retries = 1.5
}
