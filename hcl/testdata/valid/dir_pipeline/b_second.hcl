pipe "second" {
  use     = "exec"
  command = ["./second"]
}
