variable "env" {
  default = "dev"
}

variable "env" {   # ERROR: Duplicate variable
  default = "prod"
}

pipe "a" {
  use     = "exec"
  command = ["./a", var.env]
}
