locals {
  x = range(1000000000)
}
