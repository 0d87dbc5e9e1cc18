schedule "four_fields" {
  cron = "*/5 * * *"   # ERROR: Invalid cron expression
}

schedule "out_of_range" {
  cron = "61 * * * *"   # ERROR: Invalid cron expression
}

schedule "seconds_field" {
  cron = "0 */5 * * * *"   # ERROR: Invalid cron expression
}

schedule "zone_inside" {
  cron = "CRON_TZ=Europe/Berlin 0 3 * * *"   # ERROR: Invalid cron expression
}

schedule "interval_descriptor" {
  cron = "@every 5m"   # ERROR: Invalid cron expression
}

schedule "february_30th" {
  cron = "0 0 30 2 *"   # ERROR: Invalid cron expression
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
