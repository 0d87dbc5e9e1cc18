schedule "s" {
  every = "0s"
}
