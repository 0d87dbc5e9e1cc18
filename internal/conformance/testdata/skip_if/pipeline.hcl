# A pipe whose skip_if holds on its own result ends skipped (reason self)
# after one attempt, whatever its retries; what needs it is skipped, and a
# none_failed_min_one_success join of the two branches runs.
defaults {
  retries = 2
}

pipe "check" {
  use     = "exec"
  command = ["echo", "nothing"]
  skip_if = trimspace(self.output.stdout) == "nothing"
}

pipe "branch_a" {
  use   = "value"
  value = pipe.check.output.stdout
}

pipe "branch_b" {
  use   = "value"
  value = "b"
}

pipe "join" {
  use        = "value"
  value      = "joined"
  trigger    = "none_failed_min_one_success"
  depends_on = [pipe.branch_a, pipe.branch_b]
}
