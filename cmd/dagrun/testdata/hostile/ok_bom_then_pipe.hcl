pipe "a" {
  use = "value"
  value = 1
}
