# A composite whose own trigger is not met is skipped with trigger_not_met and
# its steps with upstream_skipped.
defaults {
  retries = 0
}

pipe "ok" {
  use   = "value"
  value = "ok"
}

pipe "on_error" {
  trigger    = "one_failed"
  depends_on = [pipe.ok]

  pipe "alert" {
    use     = "exec"
    command = ["echo", "alert"]
  }
}
