pipe "a" {
  use = "value"
  value = pipe.b.output
}
pipe "b" {
  use = "value"
  value = pipe.a.output
}
