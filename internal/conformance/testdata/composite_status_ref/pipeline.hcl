# Expressions read a composite as the sum of its steps: status, attempts, and
# an output object of its steps' outputs.
defaults {
  retries = 0
}

pipe "pair" {
  pipe "good" {
    use   = "value"
    value = "g"
  }

  pipe "broken" {
    use     = "exec"
    command = ["sh", "-c", "exit 1"]
  }
}

pipe "inspect" {
  use     = "value"
  trigger = "all_done"
  value = {
    status   = pipe.pair.status
    attempts = pipe.pair.attempts
    good     = pipe.pair.output.good
  }
}
