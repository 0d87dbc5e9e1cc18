pipe "a" {
  use     = "exec"
  command = ["./a"]
}

pipe "b" {
  use   = "value"
  value = pipe.a   # ERROR: Incomplete pipe reference
}
