pipe "a" {
  use = "value"
  value = "never ends
}
