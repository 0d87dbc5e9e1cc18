# for_each over sets: the members are the keys (numbers as strings); an `if`
# reading each is evaluated per instance.
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
