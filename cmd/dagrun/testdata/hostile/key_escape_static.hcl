pipe "a" {
  use = "value"
  for_each = toset(["\u001b[31mred"])
  value = each.key
}
