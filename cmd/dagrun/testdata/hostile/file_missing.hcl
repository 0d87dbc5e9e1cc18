locals {
  x = file("no/such/file")
}
