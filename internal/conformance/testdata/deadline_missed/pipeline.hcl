# Deadlines that pass while "slow" runs are missed: the deadline handler runs
# then, seeing the run going on and slow pending; nothing is stopped, and the
# run succeeds. slow sleeps 2s: Temporal's timers may fire a second late, and
# the deadlines must still pass before it ends. quick ends in time.
pipeline "deadline_missed" {
  deadline = "10ms"
}

defaults {
  retries = 0
}

pipe "quick" {
  use      = "value"
  value    = "quick"
  deadline = "10m"
}

pipe "slow" {
  use      = "sleep"
  duration = "2s"
  deadline = "10ms"
}

handler "deadline" {
  use   = "value"
  value = "${run.status}: slow ${pipe.slow.status}, quick ${pipe.quick.status}"
}

handler "exit" {
  use   = "value"
  value = run.status
}
