schedule "s" {
  cron = "@daily"
  timezone = "../../../../etc/passwd"
}
