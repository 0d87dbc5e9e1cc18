pipe "a" {
  use     = "exec"
  command = ["./a"]
}

pipe "b" {
  use        = "exec"
  command    = ["./b"]
  depends_on = pipe.a   # ERROR: Invalid depends_on
}
