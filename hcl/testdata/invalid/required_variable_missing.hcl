variable "token" {   # ERROR: No value for required variable
  type      = string
  sensitive = true
}

pipe "a" {
  use     = "http"
  url     = "https://example.test"
  headers = { Authorization = "Bearer ${var.token}" }
}
