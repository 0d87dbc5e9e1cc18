pipe "a" {   # ERROR: Missing required argument
  use    = "http"
  method = "POST"
}
