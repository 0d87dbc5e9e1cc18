# apply --parallelism 1: one pipe at a time, whatever the pipeline says.
pipeline "parallelism_flag" {
  parallelism = 10
}

defaults {
  retries = 0
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
  script = local.critical
}

pipe "p2" {
  use    = "exec"
  script = local.critical
}

pipe "p3" {
  use    = "exec"
  script = local.critical
}
