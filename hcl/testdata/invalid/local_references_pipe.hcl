pipe "a" {
  use     = "exec"
  command = ["./a"]
}

locals {
  out = pipe.a.output.stdout   # ERROR: Pipe reference not allowed here
}
