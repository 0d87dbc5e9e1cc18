# In a sequential composite a step's trigger applies to the step before it: an
# all_done step runs after a failed one, and the next step after it.
defaults {
  retries = 0
}

pipe "job" {
  sequential = true

  pipe "build" {
    use     = "exec"
    command = ["sh", "-c", "exit 1"]
  }

  pipe "cleanup" {
    use     = "value"
    value   = "cleaned"
    trigger = "all_done"
  }

  pipe "report" {
    use   = "value"
    value = "reported"
  }
}
