pipe "a" {
  use = "value"
  value = each.key
}
