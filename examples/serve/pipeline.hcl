# A pipeline for `dagrun serve`: it checks a few things about the machine on
# a schedule and keeps a report, the way the seed system's runners did their
# rounds. Run it from the repository root:
#
#   go run ./cmd/dagrun serve examples/serve
#
# and point Prometheus at it with examples/serve/prometheus.yml.
pipeline "heartbeat" {
  parallelism = 4
}

variable "report_dir" {
  type        = string
  default     = "/tmp/dagrun-heartbeat"
  description = "where each run writes its report"
}

# Every 30 seconds; a tick that comes while the last run still goes is
# skipped (and counted in dagrun_schedule_ticks_total{result="skipped_overlap"}).
schedule "every_30s" {
  every   = "30s"
  overlap = "skip"
}

# And once a day at 06:00 in Berlin, queued behind a running run rather than
# skipped: the daily run always happens.
schedule "daily_berlin" {
  cron     = "0 6 * * *"
  timezone = "Europe/Berlin"
  overlap  = "queue"
}

defaults {
  retries     = 1
  retry_delay = "2s"
  timeout     = "20s"
}

pipe "disk" {
  use    = "exec"
  script = "df -P / | awk 'NR==2 { print $5 }' | tr -d '%'"
}

pipe "load" {
  use     = "exec"
  command = ["cat", "/proc/loadavg"]
}

pipe "clock" {
  use   = "value"
  value = timestamp()
}

pipe "report" {
  use = "exec"
  script = join("\n", [
    "mkdir -p '${var.report_dir}'",
    "printf 'at %s: disk %s%% used, load %s\\n' \"$AT\" \"$DISK\" \"$LOAD\" >> '${var.report_dir}/report.txt'",
  ])
  env = {
    AT   = pipe.clock.output
    DISK = trimspace(pipe.disk.output.stdout)
    LOAD = split(" ", pipe.load.output.stdout)[0]
  }
}

output "disk_used_percent" {
  value = trimspace(pipe.disk.output.stdout)
}
