pipe "a" {
  use     = "exec"
  command = ["./a", each.key]
  for_each = toset([["x"], ["y"]]) # ERROR: Invalid for_each argument
}
