pool "p" {
  size = 1e30
}
