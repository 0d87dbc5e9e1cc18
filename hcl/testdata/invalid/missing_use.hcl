pipe "a" {   # ERROR: Missing use
  retries = 1
}
