variable "s" {
  sensitive = true
  default = "Hunter2Secret"
}
locals {
  l = "x-${var.s}"
}
pipe "a" {
  use = "value"
  for_each = toset([local.l])
  value = each.key
}
