# An empty collection, static or dynamic, makes no instances and the fan-out
# succeeds with no attempts.
defaults {
  retries = 0
}

pipe "none_map" {
  for_each = {}
  use      = "value"
  value    = each.value
}

pipe "none_list" {
  for_each = []
  use      = "exec"
  command  = ["sh", "-c", "exit 1"]
}

pipe "src" {
  use   = "value"
  value = []
}

pipe "none_dynamic" {
  for_each = toset(pipe.src.output)
  use      = "value"
  value    = each.value
}

pipe "after" {
  use        = "value"
  value      = "after"
  depends_on = [pipe.none_map, pipe.none_list, pipe.none_dynamic]
}
