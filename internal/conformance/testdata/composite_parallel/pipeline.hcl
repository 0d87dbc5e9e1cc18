# A composite's steps run side by side; the composite sums them up (its attempts
# are theirs), and a reference to it waits for all of them.
defaults {
  retries = 0
}

pipe "src" {
  use   = "value"
  value = "in"
}

pipe "build" {
  pipe "left" {
    use   = "value"
    value = "L:${pipe.src.output}"
  }

  pipe "right" {
    use     = "exec"
    command = ["echo", "R"]
  }
}

pipe "after" {
  use   = "value"
  value = [pipe.build.output.left, trimspace(pipe.build.output.right.stdout)]
}
