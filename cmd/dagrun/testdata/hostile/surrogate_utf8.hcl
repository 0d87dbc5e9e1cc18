pipe "a" {
  use = "value"
  value = "í €"
}
