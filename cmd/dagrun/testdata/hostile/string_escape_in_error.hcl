pipe "a" {
  use = "value"
  value = tonumber("\u001b[31mnot a number")
}
