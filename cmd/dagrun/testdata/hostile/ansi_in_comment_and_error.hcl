# [31mred comment[0m
pipe "a" {
  use = "value"
  value = 1
  bogus[5m = 1
}
