pipe "routing" {
  use = "exec"   # ERROR: Pipe with both use and steps

  pipe "load" {
    use     = "exec"
    command = ["./load"]
  }
}
