pipe "a" {
  use    = "exec"
  comand = ["./x"]   # ERROR: Unsupported argument
}
