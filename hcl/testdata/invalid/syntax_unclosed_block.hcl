pipe "a" {   # ERROR: Unclosed configuration block
  use     = "exec"
  command = ["./x"]
