pipe "a" {
  use = "value"
  for_each = toset([[1]])
  value = 1
}
