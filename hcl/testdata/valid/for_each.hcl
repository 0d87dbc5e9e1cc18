# for_each over static collections (a map, a set, a list), over an upstream
# pipe's output, and over another fan-out with a composite.
variable "regions" {
  type    = list(string)
  default = ["eu", "us"]
}

pipe "fetch" {
  use   = "value"
  value = { tickets = [{ id = "t1" }, { id = "t2" }] }
}

pipe "by_map" {
  use      = "value"
  for_each = { a = 1, b = 2, c = 3 }
  value    = each.value * 10
}

pipe "by_set" {
  use      = "exec"
  for_each = toset(["x", "y", 3])
  command  = ["echo", each.key]
}

pipe "by_list" {
  use      = "exec"
  for_each = var.regions
  command  = ["deploy", each.value]
  if       = each.key != "1"
}

pipe "classify" {
  use      = "exec"
  for_each = pipe.fetch.output.tickets
  command  = ["./classify", each.value.id]
  if       = length(pipe.fetch.output.tickets) > 0
}

pipe "routing" {
  for_each   = pipe.classify
  sequential = true
  retries    = 3

  pipe "load" {
    use     = "exec"
    command = ["./load", each.key, pipe.fetch.output.tickets[0].id]
  }
  pipe "store" {
    use     = "exec"
    command = ["./store", pipe.load.output.stdout, each.value.output.stdout]
  }
}

pipe "report" {
  use        = "value"
  value      = { for k, v in pipe.store : k => v.status }
  depends_on = [pipe.by_list]
}

output "first" {
  value = pipe.by_map["a"].output
}

output "routed" {
  value = pipe.routing[0].output
}
