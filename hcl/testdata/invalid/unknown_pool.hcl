pool "api" {
  size = 2
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
  pool    = "apii"   # ERROR: Unknown pool
}
