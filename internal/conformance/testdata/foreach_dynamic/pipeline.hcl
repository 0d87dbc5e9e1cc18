# Dynamic for_each: the collection comes from an upstream's output, a set from
# an exec pipe's DAGRUN_OUTPUT values and a map from a value pipe.
defaults {
  retries = 0
}

pipe "list" {
  use    = "exec"
  script = "echo items=x,y >> \"$DAGRUN_OUTPUT\""
}

pipe "item" {
  for_each = toset(split(",", pipe.list.output.values.items))
  use      = "value"
  value    = upper(each.value)
}

pipe "weights" {
  use   = "value"
  value = { a = 1, b = 2 }
}

pipe "double" {
  for_each = pipe.weights.output
  use      = "value"
  value    = each.value * 2
}

pipe "collect" {
  use   = "value"
  value = [for k, v in pipe.item : v.output]
}
