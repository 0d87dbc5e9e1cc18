pool "api" {
  size = 0   # ERROR: Invalid value for size
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
  pool    = "api"
}
