# Output blocks: values from a value pipe, an exec pipe, a composite (the object
# of its steps' outputs) and a fan-out; one reading a failed pipe is null.
defaults {
  retries = 0
}

pipe "cfg" {
  use   = "value"
  value = { name = "dagrun", n = 2 }
}

pipe "greet" {
  use     = "exec"
  command = ["echo", "hello ${pipe.cfg.output.name}"]
}

pipe "bad" {
  use     = "exec"
  command = ["sh", "-c", "exit 1"]
}

pipe "pair" {
  pipe "one" {
    use   = "value"
    value = "1"
  }

  pipe "two" {
    use   = "value"
    value = 2
  }
}

pipe "fan" {
  for_each = toset(["x", "y"])
  use      = "value"
  value    = "${each.key}${pipe.cfg.output.n}"
}

output "name" {
  value = pipe.cfg.output.name
}

output "greeting" {
  value = trimspace(pipe.greet.output.stdout)
}

output "pair" {
  value = pipe.pair.output
}

output "fan" {
  value = { for k, v in pipe.fan : k => v.output }
}

output "from_failed" {
  value = pipe.bad.output
}

output "constant" {
  value = "static"
}
