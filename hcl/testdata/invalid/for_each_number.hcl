variable "count" {
  type    = number
  default = 3
}

pipe "a" {
  use      = "exec"
  for_each = var.count # ERROR: Invalid for_each argument
  command  = ["./a", each.key]
}
