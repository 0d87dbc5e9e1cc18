pipe "a" {
  use     = "exec"
  command = ["./a", each.value]   # ERROR: Reference to each outside for_each
}
