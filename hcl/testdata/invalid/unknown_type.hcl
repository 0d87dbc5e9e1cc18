pipe "a" {
  use     = "exce"   # ERROR: Unknown pipe type
  command = ["./x"]
}
