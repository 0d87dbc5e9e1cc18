pipe "a[31mb" {
  use = "value"
  value = 1
}
