variable "v[0m" {
  default = 1
}
