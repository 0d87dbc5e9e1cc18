pipe "a" {
  use = "value"
  value = [for a in range(500) : [for b in range(500) : [for c in range(500) : 1]]]
}
