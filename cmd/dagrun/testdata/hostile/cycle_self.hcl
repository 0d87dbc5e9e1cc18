pipe "a" {
  use = "value"
  value = pipe.a.output
}
