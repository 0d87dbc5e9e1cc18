pipe "a" {
  use = "value"
  value = 1
}
output "o" {
  value = [for a in range(500) : [for b in range(500) : [for c in range(500) : pipe.a.output]]]
}
