locals {
  x = try(nope, local.nope, 1/0)
}
