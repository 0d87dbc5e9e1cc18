# A sequential composite runs its steps in declared order: a failed step skips
# the steps after it, and the composite fails.
defaults {
  retries = 0
}

pipe "deploy" {
  sequential = true

  pipe "first" {
    use   = "value"
    value = 1
  }

  pipe "second" {
    use     = "exec"
    command = ["sh", "-c", "exit 3"]
  }

  pipe "third" {
    use   = "value"
    value = 3
  }
}

pipe "after" {
  use        = "value"
  value      = "after"
  depends_on = [pipe.deploy]
}
