# A fan-out whose instances are all filtered out is skipped (all_filtered),
# and counts downstream as one skipped upstream.
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
