pipe "a" {
  use = "value"
  value = 1
  trigger = "\u001b[31m"
}
