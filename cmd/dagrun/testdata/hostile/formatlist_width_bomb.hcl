locals {
  x = formatlist("%.2000000000f", [1, 2])
}
