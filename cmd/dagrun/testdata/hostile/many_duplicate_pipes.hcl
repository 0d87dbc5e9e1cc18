pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
pipe "a" {
  use = "value"
  value = 1
}
