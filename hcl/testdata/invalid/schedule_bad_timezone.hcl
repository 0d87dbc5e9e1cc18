schedule "unknown_zone" {
  cron     = "0 3 * * *"
  timezone = "Europe/Atlantis"   # ERROR: Invalid timezone
}

schedule "empty_zone" {
  cron     = "0 3 * * *"
  timezone = ""   # ERROR: Invalid timezone
}

schedule "zone_with_every" {
  every    = "1h"
  timezone = "UTC"   # ERROR: Invalid timezone
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
