# A quick start that runs anywhere: no network, only /bin/sh and coreutils.
pipeline "quickstart" {
  parallelism = 4
}

variable "greeting" {
  type    = string
  default = "hello"
}

defaults {
  retries     = 2
  retry_delay = "1s"
}

# Two independent pipes run in parallel.
pipe "who" {
  use   = "value"
  value = { name = "dagrun", langs = ["go", "hcl"] }
}

pipe "clock" {
  use     = "exec"
  command = ["date", "-u", "+%Y-%m-%dT%H:%M:%SZ"]
}

# Output of one pipe flows into another's arguments.
pipe "greet" {
  use     = "exec"
  command = ["echo", "${var.greeting}, ${pipe.who.output.name} (${join("+", pipe.who.output.langs)})"]
}

# Fails on its first attempt, succeeds on the retry.
pipe "flaky" {
  use         = "exec"
  retries     = 3
  retry_delay = "500ms"
  script      = <<-SH
    if [ "$DAGRUN_ATTEMPT" -lt 2 ]; then
      echo "transient failure on attempt $DAGRUN_ATTEMPT" >&2
      exit 1
    fi
    echo "count=42" >> "$DAGRUN_OUTPUT"
  SH
}

# A composite: its steps run in order, and a dependent waits for all of them.
pipe "report" {
  sequential = true
  depends_on = [pipe.clock]

  pipe "collect" {
    use   = "value"
    value = "${trimspace(pipe.greet.output.stdout)} at ${trimspace(pipe.clock.output.stdout)}"
  }
  pipe "write" {
    use    = "exec"
    script = "printf '%s; flaky counted %s\\n' \"$MSG\" \"$COUNT\""
    env = {
      MSG   = pipe.collect.output
      COUNT = pipe.flaky.output.values.count
    }
  }
}

output "report" {
  value = trimspace(pipe.write.output.stdout)
}
