variable "v" {
  type = number
  default = "x"
}
