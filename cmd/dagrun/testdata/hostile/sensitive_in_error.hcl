variable "s" {
  sensitive = true
  default = "Hunter2Secret"
}
pipe "a" {
  use = "value"
  value = tonumber(var.s)
}
