pipe "a" {
  use = "exec"
  command = []
}
