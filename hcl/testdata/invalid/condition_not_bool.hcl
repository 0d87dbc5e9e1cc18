pipe "a" {
  use     = "exec"
  command = ["./a"]
  if      = 42   # ERROR: Invalid condition
}
