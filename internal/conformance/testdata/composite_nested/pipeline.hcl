# Nested composites: each level sums up its direct steps. A composite of
# skipped steps is skipped with the reason of its first step; beside a
# succeeded step it counts as skipped, and the outer composite succeeds.
defaults {
  retries = 0
}

pipe "outer" {
  pipe "inner" {
    pipe "a" {
      use   = "value"
      value = "a"
    }

    pipe "b" {
      use     = "exec"
      command = ["sh", "-c", "exit 1"]
    }
  }

  pipe "c" {
    use   = "value"
    value = "c"
  }
}

pipe "outer_ok" {
  pipe "inner_off" {
    pipe "x" {
      use   = "value"
      value = "x"
      if    = false
    }
  }

  pipe "y" {
    use   = "value"
    value = "y"
  }
}
