pipe "routing" {
  pipe "load" {
    use     = "exec"
    command = ["./load", pipe.routing.status]   # ERROR: Reference to an enclosing composite
  }
}
