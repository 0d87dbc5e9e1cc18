pipe "a" {
  use = "exec"
  for_each = "a,b,c" # ERROR: Invalid for_each argument
  command  = ["./a", each.key]
}
