output "o" {
  value = pipe.nope.output
}
