schedule "s" {
  every   = "5m"
  overlap = "skipp"   # ERROR: Invalid overlap
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
