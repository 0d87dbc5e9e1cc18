# A composite skipped by its own `if` keeps its reason, and all its steps are
# skipped with upstream_skipped, an all_done step included: a step never runs
# when its composite does not.
defaults {
  retries = 0
}

pipe "maybe" {
  if = false

  pipe "step" {
    use   = "value"
    value = 1
  }

  pipe "always" {
    use     = "value"
    value   = 2
    trigger = "all_done"
  }
}

pipe "after" {
  use        = "value"
  value      = 3
  trigger    = "none_failed"
  depends_on = [pipe.maybe]
}
