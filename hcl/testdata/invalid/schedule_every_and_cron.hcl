schedule "both" {
  every = "5m"
  cron  = "*/5 * * * *"   # ERROR: Conflicting schedule arguments
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
