pipe "a" {
  use = "value"
  value = 1
  depends_on = [pipe.b]
}
pipe "b" {
  use = "value"
  value = 1
  depends_on = [pipe.a]
}
