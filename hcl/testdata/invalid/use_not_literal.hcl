variable "kind" {
  default = "exec"
}

pipe "a" {
  use     = var.kind   # ERROR: Invalid use
  command = ["./a"]
}
