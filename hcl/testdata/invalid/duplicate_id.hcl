pipe "a" {
  use     = "exec"
  command = ["./a"]
}

pipe "a" {   # ERROR: Duplicate pipe id
  use     = "exec"
  command = ["./a2"]
}
