pipe "routing" {
  command = ["./x"]   # ERROR: Unsupported argument

  pipe "load" {
    use     = "exec"
    command = ["./load"]
  }
}
