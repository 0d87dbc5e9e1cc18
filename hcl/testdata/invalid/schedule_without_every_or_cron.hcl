schedule "never" {   # ERROR: Missing every or cron
  overlap = "skip"
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
