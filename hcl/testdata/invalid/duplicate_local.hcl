locals {
  api = "https://a.test"
}

locals {
  api = "https://b.test"   # ERROR: Duplicate local value
}

pipe "a" {
  use = "http"
  url = local.api
}
