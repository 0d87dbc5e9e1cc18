# Under fail_fast, the failure that would stop the run is its last pipe's:
# the run fails, and its failure and exit handlers run all the same.
pipeline "handler_fail_fast" {
  on_failure = "fail_fast"
}

defaults {
  retries = 0
}

pipe "first" {
  use   = "value"
  value = 1
}

pipe "bad" {
  use        = "exec"
  command    = ["sh", "-c", "exit 5"]
  depends_on = [pipe.first]
}

handler "failure" {
  use   = "value"
  value = "${run.status}: ${join(",", run.failed)}"
}

handler "exit" {
  use   = "value"
  value = run.status
}
