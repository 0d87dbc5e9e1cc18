locals {
  x = 5[*].a[*].b
}
