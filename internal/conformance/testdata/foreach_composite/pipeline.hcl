# for_each over a composite: each key runs every step (job[a].prep, ...).
# An instance job[a] is the group of its steps; the fan-out job is the group of
# its instances. One key's step fails: that instance fails, the other succeeds.
defaults {
  retries = 0
}

pipe "job" {
  for_each = { a = "ok", b = "fail" }

  pipe "prep" {
    use   = "value"
    value = "prep-${each.key}"
  }

  pipe "work" {
    use     = "exec"
    command = ["sh", "-c", each.value == "fail" ? "exit 1" : "echo ${pipe.prep.output}"]
  }

  pipe "post" {
    use   = "value"
    value = trimspace(pipe.work.output.stdout)
  }
}

pipe "after" {
  use     = "value"
  trigger = "all_done"
  value = {
    instances = { for k, v in pipe.job : k => v.status }
    work      = { for k, v in pipe.work : k => v.status }
  }
}
