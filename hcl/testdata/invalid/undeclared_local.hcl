locals {
  api = "https://example.test"
}

pipe "a" {
  use = "http"
  url = local.apii   # ERROR: Reference to undeclared local value
}
