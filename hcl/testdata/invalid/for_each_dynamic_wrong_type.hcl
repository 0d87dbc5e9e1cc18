pipe "list" {
  use   = "value"
  value = ["a", "b"]
}

pipe "a" {
  use      = "value"
  for_each = length(pipe.list.output) # ERROR: Invalid for_each argument
  value    = each.value
}
