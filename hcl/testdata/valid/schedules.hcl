# Schedules for `dagrun serve`: intervals, cron expressions in a time zone, and
# the three overlap policies. Values may come from variables and locals.
variable "interval" {
  type    = string
  default = "90s"
}

locals {
  nightly = "30 2 * * *"
}

schedule "every_5m" {
  every = "5m"
}

schedule "from_var" {
  every   = var.interval
  overlap = "queue"
}

schedule "nightly_berlin" {
  cron     = local.nightly
  timezone = "Europe/Berlin"
  overlap  = "allow"
}

schedule "hourly" {
  cron    = "@hourly"
  overlap = "skip"
}

pipe "report" {
  use     = "exec"
  command = ["./report"]
}
