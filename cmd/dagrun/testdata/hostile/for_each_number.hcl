pipe "a" {
  use = "value"
  for_each = 5
  value = 1
}
