pipe "load" {
  use     = "exec"
  command = ["./load"]
}

pipe "routing" {
  pipe "load" {   # ERROR: Duplicate pipe id
    use     = "exec"
    command = ["./load"]
  }
  pipe "store" {
    use     = "exec"
    command = ["./store"]
  }
}
