pipe "a​b" {
  use = "value"
  value = 1
}
