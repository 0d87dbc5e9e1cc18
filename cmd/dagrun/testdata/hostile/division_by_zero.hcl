locals {
  x = 1 / 0
  y = nope
}
