pipe "a" {
  use = "value"
  for_each = toset(["\u009b31m"])
  value = each.key
}
