locals {
  x = regex("a{1000}{1000}", "a")
}
