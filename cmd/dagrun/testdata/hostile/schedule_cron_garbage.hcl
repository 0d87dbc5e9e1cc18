schedule "s" {
  cron = "* * * * * * * *"
}
