pipe "a" {
  use = "value"
  for_each = toset([pipe.b.output])
  value = 1
}
pipe "b" {
  use = "value"
  value = pipe.a
}
