pool "p" {
  size = 0
}
