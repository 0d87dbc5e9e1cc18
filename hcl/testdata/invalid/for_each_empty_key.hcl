pipe "a" {
  use      = "value"
  value    = each.value
  for_each = { "" = 1 } # ERROR: Invalid for_each argument
}
