pipe "a" {
  use "exec"   # ERROR: Invalid block definition
}
