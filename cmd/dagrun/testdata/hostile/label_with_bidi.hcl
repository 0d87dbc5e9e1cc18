pipe "admin‮⁦" {
  use = "value"
  value = 1
}
