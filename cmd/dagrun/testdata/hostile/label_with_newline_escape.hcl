pipe "a\nb" {
  use = "value"
  value = 1
}
