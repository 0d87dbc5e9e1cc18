pipe "a" {
  use = 5
}
