# A composite all of whose steps were skipped, for different reasons, takes the
# reason of its first step in declared order.
defaults {
  retries = 0
}

pipe "ok" {
  use   = "value"
  value = "ok"
}

pipe "grp" {
  pipe "gated" {
    use        = "value"
    value      = "gated"
    trigger    = "one_failed"
    depends_on = [pipe.ok]
  }

  pipe "off" {
    use   = "value"
    value = "off"
    if    = false
  }
}
