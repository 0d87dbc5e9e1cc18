pipe "a" {
  use = "value"
  for_each = toset(["\u202eevil"])
  value = each.key
}
