pipe "a" {
  use = "value"
  value = <<EOT
never ends

}
