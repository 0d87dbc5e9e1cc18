pipe "routing" {
  sequential = true

  pipe "load" {
    use      = "exec"
    commands = ["./load"]   # ERROR: Unsupported argument
  }
}
