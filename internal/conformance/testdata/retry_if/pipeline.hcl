# retry_if decides whether a failed attempt is retried: exit code 75 is, 1
# is not; one reading self.attempt stops after two attempts whatever its
# retries.
defaults {
  retries     = 3
  retry_delay = "10ms"
}

pipe "temporary" {
  use      = "exec"
  command  = ["sh", "-c", "[ $DAGRUN_ATTEMPT -ge 3 ] || exit 75"]
  retry_if = self.exit_code == 75
}

pipe "usage_error" {
  use      = "exec"
  command  = ["sh", "-c", "exit 1"]
  retry_if = self.exit_code == 75
}

pipe "capped" {
  use      = "exec"
  command  = ["sh", "-c", "exit 75"]
  retry_if = self.attempt < 2 && self.error != null
}
