pipe "a" {
  use = "value"
  for_each = toset([""])
  value = each.key
}
