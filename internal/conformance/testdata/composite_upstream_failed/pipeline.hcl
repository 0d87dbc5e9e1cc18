# A composite whose only step reads a failed upstream: the step is skipped
# (upstream_failed), so the composite is skipped for the same reason.
defaults {
  retries = 0
}

pipe "bad" {
  use     = "exec"
  command = ["sh", "-c", "exit 1"]
}

pipe "report" {
  pipe "render" {
    use   = "value"
    value = pipe.bad.output.exit_code
  }
}

pipe "publish" {
  use        = "value"
  value      = "published"
  depends_on = [pipe.report]
}
