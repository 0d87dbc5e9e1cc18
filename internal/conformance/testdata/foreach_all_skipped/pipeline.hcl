# A fan-out whose instances are all skipped is skipped, with the reason of its
# first instance.
defaults {
  retries = 0
}

pipe "none" {
  for_each = toset(["a", "b"])
  use      = "value"
  value    = each.key
  if       = each.key == "z"
}

pipe "after" {
  use        = "value"
  value      = "after"
  depends_on = [pipe.none]
}

pipe "after_none_failed" {
  use        = "value"
  value      = "ran"
  trigger    = "none_failed"
  depends_on = [pipe.none]
}
