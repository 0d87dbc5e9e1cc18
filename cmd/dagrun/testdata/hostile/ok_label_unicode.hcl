pipe "héllo" {
  use = "value"
  value = 1
}
