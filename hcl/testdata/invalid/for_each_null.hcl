pipe "a" {
  use      = "exec"
  for_each = null # ERROR: Invalid for_each argument
  command  = ["./a", each.key]
}
