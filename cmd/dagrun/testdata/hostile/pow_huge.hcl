locals {
  x = pow(10, 1e300)
  y = nope
}
