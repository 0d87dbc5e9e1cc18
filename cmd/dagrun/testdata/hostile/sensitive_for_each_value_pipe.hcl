variable "s" {
  sensitive = true
  default = "Hunter2Secret"
}
pipe "val" {
  use = "value"
  value = "v-${var.s}"
}
pipe "a" {
  use = "value"
  for_each = toset([pipe.val.output, "plain"])
  value = each.key
}
