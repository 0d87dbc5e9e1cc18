nope "x" {
}
