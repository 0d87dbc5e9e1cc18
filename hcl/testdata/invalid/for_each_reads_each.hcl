pipe "a" {
  use      = "value"
  for_each = [each.key] # ERROR: Reference to each in for_each
  value    = each.value
}
