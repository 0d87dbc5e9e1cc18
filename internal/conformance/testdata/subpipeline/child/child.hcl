# The child of the subpipeline case: a value pipe, a fan-out over a list and
# a pipe that fails when told to.
variable "name" {
  type = string
}
variable "n" {
  type = number
}
variable "fail" {
  type    = bool
  default = false
}

defaults {
  retries = 0
}

pipe "greet" {
  use   = "value"
  value = "hello ${var.name}"
}

pipe "fan" {
  use      = "value"
  for_each = range(var.n)
  value    = each.value + 1
}

pipe "check" {
  use     = "exec"
  command = ["sh", "-c", var.fail ? "exit 1" : "exit 0"]
}

output "greeting" {
  value = pipe.greet.output
}

output "total" {
  value = sum([for f in pipe.fan : f.output])
}
