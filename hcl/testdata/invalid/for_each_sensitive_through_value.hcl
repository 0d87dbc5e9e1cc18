variable "secret" {
  sensitive = true
  default   = "Hunter2Secret"
}

pipe "val" {
  use   = "value"
  value = "v-${var.secret}"
}

# Through a second value pipe, and a composite holding the first.
pipe "again" {
  use   = "value"
  value = [pipe.val.output]
}

pipe "fanout" {
  use      = "exec"
  for_each = toset([pipe.val.output, "plain"]) # ERROR: Sensitive for_each
  command  = ["echo", each.key]
}

pipe "twice" {
  use      = "exec"
  for_each = toset(pipe.again.output) # ERROR: Sensitive for_each
  command  = ["echo", each.key]
}

# Its status is not sensitive: a collection reading only that is fine.
pipe "by_status" {
  use      = "exec"
  for_each = toset([pipe.val.status])
  command  = ["echo", each.key]
}
