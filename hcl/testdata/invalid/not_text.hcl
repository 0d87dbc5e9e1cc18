pipe "a" {
  use   = "value"
  value = "café" # ERROR: Not a text file
}
