# Without for_each this would be fine (load → between → store), but the steps
# of a for_each composite run inside its instances: whatever they read from
# outside must be done before the composite expands.
pipe "routing" { # ERROR: Dependency cycle
  for_each = ["a", "b"]

  pipe "load" {
    use   = "value"
    value = each.key
  }
  pipe "store" {
    use   = "value"
    value = pipe.between.output
  }
}

pipe "between" {
  use   = "value"
  value = pipe.load
}
