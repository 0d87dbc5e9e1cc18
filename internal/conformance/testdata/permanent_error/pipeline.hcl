# Permanent errors are not retried, whatever `retries` says: a program that does
# not exist, a malformed DAGRUN_OUTPUT file, an argument that cannot be
# evaluated. An exit code is not permanent: it is retried.
defaults {
  retries     = 3
  retry_delay = "5ms"
}

pipe "missing_program" {
  use     = "exec"
  command = ["/nonexistent/dagrun-conformance-program"]
}

pipe "bad_values" {
  use    = "exec"
  script = "echo 'no equals sign' >> \"$DAGRUN_OUTPUT\""
}

pipe "src" {
  use   = "value"
  value = { a = 1 }
}

pipe "bad_ref" {
  use   = "value"
  value = pipe.src.output.missing
}

pipe "transient" {
  use     = "exec"
  retries = 1
  command = ["sh", "-c", "exit 1"]
}
