pipe "a" {
  use     = "exec"
  command = ["./a"]
  retires = 3   # ERROR: Unsupported argument
}

pipe "b" {
  sequental = true   # ERROR: Unsupported argument

  pip "c" {   # ERROR: Unsupported block type
    use     = "exec"
    command = ["./c"]
  }
  pipe "d" {
    use     = "exec"
    command = ["./d"]
  }
}
