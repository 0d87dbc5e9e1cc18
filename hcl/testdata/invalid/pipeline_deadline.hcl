pipeline "late" {
  deadline = "0s"            # ERROR: Invalid deadline
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
