pipe "routing" {   # ERROR: Dependency cycle
  depends_on = [pipe.load]

  pipe "load" {
    use     = "exec"
    command = ["./load"]
  }
}
