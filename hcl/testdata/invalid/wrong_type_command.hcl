pipe "a" {
  use     = "exec"
  command = 42   # ERROR: Incorrect attribute value type
}
