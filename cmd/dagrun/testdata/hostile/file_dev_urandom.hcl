locals {
  x = file("/dev/urandom")
}
