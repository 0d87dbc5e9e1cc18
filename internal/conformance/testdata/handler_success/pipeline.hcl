# Handlers of a succeeded run: the success handler fails, which is recorded
# but leaves the run succeeded (exit 0); the exit handler runs after it.
defaults {
  retries = 0
}

pipe "build" {
  use   = "value"
  value = "built"
}

handler "success" {
  use     = "exec"
  command = ["sh", "-c", "exit 1"]
}

handler "failure" {
  use   = "value"
  value = "failure"
}

handler "exit" {
  use   = "value"
  value = "${run.status} ${pipe.build.output} [${join(",", run.failed)}]"
}
