locals {
  x = formatdate("YYYY", "not a time")
}
