pipe "outer" {
  for_each = ["a", "b"]

  pipe "inner" {
    use      = "value"
    for_each = ["x", "y"] # ERROR: Nested for_each
    value    = each.value
  }
}
