locals {
  x = file("binary_random.hcl")
}
