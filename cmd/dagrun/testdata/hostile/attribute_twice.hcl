pipe "a" {
  use = "value"
  value = 1
  value = 2
}
