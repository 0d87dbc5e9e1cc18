pipe "a" {
  use     = "sleep"
  duration = "a while"   # ERROR: Invalid argument
}
