pipe "a" {
  use = "value"
  for_each = {"a\nb" = 1}
  value = each.key
}
