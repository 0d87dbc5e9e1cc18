pipe "a" {
  use     = "exec"
  command = ["./a"]
}

pipe "b" {
  use     = "exec"
  command = ["./b"]
  retries = pipe.a.attempts   # ERROR: Pipe reference not allowed here
}
