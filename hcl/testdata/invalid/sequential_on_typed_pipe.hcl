pipe "a" {
  use        = "exec"
  command    = ["./a"]
  sequential = true   # ERROR: sequential on a pipe without steps
}
