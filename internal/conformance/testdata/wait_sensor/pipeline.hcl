# Sensors (wait pipes). "soon" polls a command that holds 300ms after
# "start" ended: however many polls that takes, it is one attempt, and its
# dependent runs. Two sensors for a path that never appears end at their
# deadline: skipped (reason self), or failed without retry; their dependents
# are skipped.
defaults {
  retries     = 2
  retry_delay = "10ms"
}

pipe "start" {
  use     = "exec"
  command = ["sh", "-c", "echo $(( $(date +%s%N) + 300000000 ))"]
}

pipe "soon" {
  use      = "wait"
  command  = ["sh", "-c", "[ $(date +%s%N) -ge ${trimspace(pipe.start.output.stdout)} ]"]
  interval = "50ms"
  deadline = "1m"
}

pipe "after_soon" {
  use   = "value"
  value = pipe.soon.output.exit_code
}

pipe "never_skip" {
  use         = "wait"
  path        = "never-made.flag"
  interval    = "50ms"
  deadline    = "200ms"
  on_deadline = "skip"
}

pipe "after_skip" {
  use        = "value"
  value      = "no"
  depends_on = [pipe.never_skip]
}

pipe "never_fail" {
  use      = "wait"
  path     = "never-made.flag"
  interval = "50ms"
  deadline = "200ms"
}

pipe "after_fail" {
  use        = "value"
  value      = "no"
  depends_on = [pipe.never_fail]
}
