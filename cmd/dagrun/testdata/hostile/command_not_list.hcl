pipe "a" {
  use = "exec"
  command = "notalist"
}
