pipe "a" {
  use = "value"
  value = "À¯"
}
