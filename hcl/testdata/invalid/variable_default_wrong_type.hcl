variable "workers" {
  type    = number
  default = "many"   # ERROR: Invalid value for variable
}

pipe "a" {
  use     = "exec"
  command = ["./a", tostring(var.workers)]
}
