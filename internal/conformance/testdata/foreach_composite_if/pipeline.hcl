# A for_each composite whose `if` reads each: an instance whose condition is
# false is filtered out (skipped, reason filtered, no attempts), and its steps
# with it.
defaults {
  retries = 0
}

pipe "deploy" {
  for_each = toset(["prod", "staging"])
  if       = each.key == "staging"

  pipe "push" {
    use   = "value"
    value = "push-${each.key}"
  }

  pipe "verify" {
    use     = "value"
    value   = "verified ${pipe.push.output}"
    trigger = "all_done"
  }
}
