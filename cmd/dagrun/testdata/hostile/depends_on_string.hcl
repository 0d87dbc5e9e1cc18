pipe "a" {
  use = "value"
  value = 1
  depends_on = "x"
}
