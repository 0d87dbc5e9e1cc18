locals {
  x = format("%2000000000d", 1)
}
