pipe "a" {
  use      = "exec"
  for_each = ["x", "y"]   # ERROR: for_each is not supported yet
  command  = ["./a", each.value]
}
