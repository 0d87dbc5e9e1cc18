variable "tokens" {
  type      = set(string)
  default   = ["t1", "t2"]
  sensitive = true
}

pipe "a" {
  use      = "exec"
  for_each = var.tokens # ERROR: Sensitive for_each
  command  = ["./a", each.value]
}
