pipe "a" {
  use = "exec\u001b[2J"
}
