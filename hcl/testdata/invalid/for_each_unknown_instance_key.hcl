pipe "a" {
  use      = "value"
  for_each = { east = 1, west = 2 }
  value    = each.value
}

output "wrong" {
  value = pipe.a["eats"].output # ERROR: Unknown instance key
}
