# A dynamic fan-out whose upstream failed never expands: it is skipped itself,
# with no instances, and an all_done pipe after it runs.
defaults {
  retries = 0
}

pipe "src" {
  use     = "exec"
  command = ["sh", "-c", "echo a,b; exit 1"]
}

pipe "fan" {
  for_each = toset(split(",", trimspace(pipe.src.output.stdout)))
  use      = "value"
  value    = each.value
}

pipe "after" {
  use        = "value"
  value      = "after"
  trigger    = "all_done"
  depends_on = [pipe.fan]
}
