# The instances of a fan-out each take a slot of the pool: with a pool of 1
# they run one at a time.
defaults {
  retries = 0
}

pool "one" {
  size = 1
}

locals {
  # Fails (exit 3) if another pipe holds the lock: the pipes of this case must
  # run one at a time. The lock lives in the run's private scratch directory,
  # the one of $DAGRUN_OUTPUT.
  critical = <<-SH
    lock="$(dirname "$DAGRUN_OUTPUT")/one-at-a-time"
    mkdir "$lock" || { echo "another pipe is running" >&2; exit 3; }
    sleep 0.05
    rmdir "$lock"
  SH
}

pipe "fan" {
  for_each = ["a", "b", "c"]
  use      = "exec"
  pool     = "one"
  script   = local.critical
}
