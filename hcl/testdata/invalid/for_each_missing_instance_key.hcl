pipe "a" {
  use      = "value"
  for_each = ["x", "y"]
  value    = each.value
}

pipe "b" {
  use   = "value"
  value = pipe.a.output # ERROR: Missing instance key
}

pipe "c" {
  use   = "value"
  value = pipe.a[0].outptu # ERROR: Unsupported pipe attribute
}
