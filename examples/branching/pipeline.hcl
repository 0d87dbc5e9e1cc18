# Branching with a sensor and run handlers, the way Airflow's branch example
# joins its branches: "input" waits for a file, "choose" picks a branch, only that branch runs (the other is
# skipped by its `if`), and "join" runs after whichever ran
# (none_failed_min_one_success). Handlers report how the run ended and
# clean up its scratch directory whatever happened, Ctrl-C included.
#
#   dagrun apply examples/branching
#   dagrun apply --var route=full examples/branching
#   dagrun apply --var route=full --var fail=true examples/branching   # exits 1; the handlers still run
pipeline "branching" {
  deadline = "5m" # later than that, the deadline handler warns; the run goes on
}

variable "route" {
  type        = string
  default     = "fast"
  description = "The branch to take: fast or full."

  validation {
    condition     = contains(["fast", "full"], var.route)
    error_message = "route must be fast or full."
  }
}

variable "fail" {
  type        = bool
  default     = false
  description = "Make the chosen branch fail, to see the failure handler."
}

variable "workdir" {
  type        = string
  default     = "/tmp/dagrun-branching"
  description = "Scratch directory of the run, removed by the exit handler."
}

defaults {
  retries     = 1
  retry_delay = "1s"
}

pipe "prepare" {
  use     = "exec"
  command = ["mkdir", "-p", var.workdir]
}

# Something upstream delivers the input a while later (another system, in
# real life: here a pipe that writes the file after a second).
pipe "deliver" {
  use        = "exec"
  depends_on = [pipe.prepare]
  script     = "sleep 1; echo ready > '${var.workdir}/input.txt'"
}

# A sensor: waits for the input without holding a parallelism slot between
# polls, and without counting a poll that finds nothing as a failure.
pipe "input" {
  use        = "wait"
  depends_on = [pipe.prepare]
  path       = "${var.workdir}/input.txt"
  interval   = "200ms"
  deadline   = "1m"
}

# The branching pipe: its output says which branch runs.
pipe "choose" {
  use        = "exec"
  depends_on = [pipe.input]
  script     = "echo branch=${var.route} >> \"$DAGRUN_OUTPUT\""
}

pipe "fast" {
  use     = "exec"
  if      = pipe.choose.output.values.branch == "fast"
  retries = 0
  script  = "echo 'fast: lint only' > '${var.workdir}/result'; ${var.fail ? "exit 1" : "true"}"
}

pipe "full" {
  if = pipe.choose.output.values.branch == "full"

  pipe "test" {
    use     = "exec"
    retries = 0
    script  = "echo 'full: tests passed' > '${var.workdir}/result'; ${var.fail ? "exit 1" : "true"}"
  }
  pipe "package" {
    use        = "exec"
    depends_on = [pipe.test]
    script     = "echo 'full: packaged' >> '${var.workdir}/result'"
  }
}

# Runs when no branch failed and one succeeded: the skipped branch does not
# hold it back.
pipe "join" {
  use        = "exec"
  trigger    = "none_failed_min_one_success"
  depends_on = [pipe.fast, pipe.full]
  command    = ["cat", "${var.workdir}/result"]
}

handler "success" {
  use     = "exec"
  command = ["echo", "run ${run.id}: the ${pipe.choose.output.values.branch} branch is done"]
}

handler "failure" {
  use     = "exec"
  retries = 0
  script  = "echo 'run ${run.id} failed: ${join(", ", run.failed)}' >&2"
}

handler "deadline" {
  use     = "exec"
  command = ["echo", "run ${run.id} of ${run.pipeline} is late; prepare ${pipe.prepare.status}, join ${pipe.join.status}"]
}

# Last, whatever the status: the scratch directory goes.
handler "exit" {
  use     = "exec"
  timeout = "10s"
  command = ["rm", "-rf", var.workdir]
}

output "branch" {
  value = pipe.choose.output.values.branch
}

output "result" {
  value = pipe.join.output.stdout
}
