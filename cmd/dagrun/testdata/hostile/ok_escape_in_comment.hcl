# [31m a comment
pipe "a" {
  use = "value"
  value = 1
}
