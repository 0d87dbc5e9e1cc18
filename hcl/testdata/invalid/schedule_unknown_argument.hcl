schedule "s" {   # ERROR: Missing every or cron
  interval = "5m"   # ERROR: Unsupported argument
}

schedule "t" {
  every = pipe.a.output   # ERROR: Pipe reference not allowed
}

schedule "u" {
  every   = "5m"
  overlaps = "skip"   # ERROR: Unsupported argument
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
