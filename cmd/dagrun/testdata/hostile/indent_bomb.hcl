locals {
  x = indent(2000000000, "a\nb")
}
