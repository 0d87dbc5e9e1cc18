pipe "a" {
  use       = "exec"
  command   = ["./a"]
  sources   = "src/*.c"   # ERROR: Incorrect attribute value type
  generates = ["out/[a"]  # ERROR: Invalid glob
}

pipe "b" {
  use     = "exec"
  command = ["./b"]
  sources = ["src/*.c", ""]  # ERROR: Invalid value for sources
}

pipe "group" {
  generates = ["out/*"]  # ERROR: generates on a composite pipe
  pipe "step" {
    use     = "exec"
    command = ["./s"]
  }
}
