# A pool of size 1: its three pipes run one at a time, though the pipeline's
# parallelism would let them run together.
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

pipe "p1" {
  use    = "exec"
  pool   = "one"
  script = local.critical
}

pipe "p2" {
  use    = "exec"
  pool   = "one"
  script = local.critical
}

pipe "p3" {
  use    = "exec"
  pool   = "one"
  script = local.critical
}
