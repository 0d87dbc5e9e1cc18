variable "s" {
  sensitive = true
  default = "Hunter2Secret"
}
pipe "a" {
  use = "value"
  for_each = toset([var.s])
  value = each.key
}
