pipe "a" {
  use      = "exec"
  for_each = toset(["\u001b[31mred", "plain"]) # ERROR: Invalid for_each argument
  command  = ["echo", each.key]
}

pipe "b" {
  use      = "exec"
  for_each = { "right\u202eto-left" = 1 } # ERROR: Invalid for_each argument
  command  = ["echo", each.key]
}
