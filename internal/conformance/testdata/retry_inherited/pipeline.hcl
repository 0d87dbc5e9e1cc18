# Retry settings are inherited: from `defaults`, and from a composite by its
# steps, the composite's own settings winning over the defaults.
defaults {
  retries     = 2
  retry_delay = "5ms"
}

pipe "twice" {
  use     = "exec"
  command = ["sh", "-c", "[ \"$DAGRUN_ATTEMPT\" -ge 2 ]"]
}

pipe "grp" {
  retries = 0

  pipe "once" {
    use     = "exec"
    command = ["sh", "-c", "exit 1"]
  }

  pipe "own" {
    use     = "exec"
    retries = 1
    command = ["sh", "-c", "exit 1"]
  }
}
