# A run cancelled from outside (SIGINT; a cancelled context for the library)
# once "slow" has started: it is cancelled while running, what depends on it
# without an attempt (a fan-out before it expands too); the run is cancelled.
defaults {
  retries = 0
}

pipe "first" {
  use   = "value"
  value = "first"
}

pipe "slow" {
  use        = "sleep"
  duration   = "1s"
  depends_on = [pipe.first]
}

pipe "after" {
  use        = "value"
  value      = "after"
  depends_on = [pipe.slow]
}

pipe "fan" {
  for_each   = ["a", "b"]
  use        = "value"
  value      = each.value
  depends_on = [pipe.slow]
}
