locals {
  name = uper("x")   # ERROR: Call to unknown function
}

pipe "a" {
  use     = "exec"
  command = ["./a", local.name]
}
