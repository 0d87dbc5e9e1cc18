locals {
  x = file("/")
}
