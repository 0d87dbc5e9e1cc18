pipe "fetch.all" {   # ERROR: Invalid pipe id
  use     = "exec"
  command = ["./a"]
}
