pipe "a" {
  use = "value"
  value = "\u001b[31mred\u0007"
}
