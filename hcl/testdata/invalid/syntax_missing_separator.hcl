pipe "a" {
  use     = "exec"
  command = ["./x" "y"]   # ERROR: Missing item separator
}
