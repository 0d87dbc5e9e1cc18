pipe "a" {
  use = "value"
  for_each = toset([for p in setproduct(range(1000), range(1000), range(10)) : join("-", p)])
  value = each.key
}
