pipe "a" {
  use = "value"
  value = "café"
}
