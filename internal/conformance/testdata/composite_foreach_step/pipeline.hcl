# A for_each pipe as a step of a composite: the composite ends when the
# fan-out does, and what depends on the composite runs after both steps.
defaults {
  retries = 0
}

pipe "group" {
  pipe "one" {
    use   = "value"
    value = "one"
  }

  pipe "fan" {
    for_each = ["a", "b"]
    use      = "value"
    value    = upper(each.value)
  }
}

pipe "after" {
  use   = "value"
  value = [for f in pipe.fan : f.output]
}

output "after" {
  value = pipe.after.output
}
