pipe "a" {
  use                 = "exec"
  command             = ["./a"]
  retry_on_exit_codes = []   # ERROR: Invalid argument
}
