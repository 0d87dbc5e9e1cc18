variable "env" {
  default = "dev"
}

pipe "a" {
  use     = "exec"
  command = ["./deploy", var.evn]   # ERROR: Reference to undeclared input variable
}
