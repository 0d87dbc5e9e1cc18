pipe "a" {
  use     = "exec"
  command = ["./a"]
}

pipe "b" {
  use     = "exec"
  command = ["./b"]
  if      = pipe.a.stauts == "succeeded"   # ERROR: Unsupported pipe attribute
}
