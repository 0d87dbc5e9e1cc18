# apply --fail-fast: the first failure cancels the run, groups that had not
# started included: a fan-out that never expanded and a composite whose steps
# never ran are cancelled with their reason.
defaults {
  retries = 0
}

pipe "bad" {
  use     = "exec"
  command = ["sh", "-c", "sleep 0.05; exit 1"]
}

pipe "slow" {
  use      = "sleep"
  duration = "300ms"
}

pipe "fan" {
  for_each   = ["a", "b"]
  use        = "value"
  value      = each.value
  depends_on = [pipe.slow]
}

pipe "grp" {
  depends_on = [pipe.slow]

  pipe "s" {
    use   = "value"
    value = 1
  }
}
