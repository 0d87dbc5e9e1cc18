pipe "a" {
  use = "value"
  value = "x"
}
æ—