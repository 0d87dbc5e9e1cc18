# for_each over sets: the members are the keys (numbers as strings); an `if`
# reading each is evaluated per instance, and an instance for which it is
# false is filtered out.
defaults {
  retries = 0
}

pipe "tags" {
  for_each = toset(["beta", "alpha", "alpha"])
  use      = "value"
  value    = upper(each.value)
  if       = each.key != "beta"
}

pipe "nums" {
  for_each = toset([3, 1])
  use      = "value"
  value    = each.value * 10
}

# Only the instances that ran are seen downstream.
pipe "seen" {
  use   = "value"
  value = join(",", sort(keys(pipe.tags)))
}
