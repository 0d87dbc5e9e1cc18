pipe "a" {
  use = "value"
  for_each = toset([for i in range(1000) : "k${i}"])
  value = each.key
}
