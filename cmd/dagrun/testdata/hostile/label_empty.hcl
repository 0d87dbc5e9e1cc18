pipe "" {
  use = "value"
  value = 1
}
