variable "a" {
  type    = strin   # ERROR: Invalid type specification
  default = "x"
}

variable "b" {
  type      = string
  default   = "x"
  sensitive = "very"   # ERROR: Incorrect attribute value type
}

pipe "p" {
  use     = "exec"
  command = ["./p", var.b]
}
