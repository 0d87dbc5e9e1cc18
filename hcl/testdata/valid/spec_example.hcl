# Ticket routing: a pipeline with a block of every kind.
pipeline "ticket_routing" {
  parallelism = 8
  on_failure  = "continue"
  timeout     = "1h"
}

variable "env" {
  type        = string
  default     = "dev"
  description = "target environment"
  sensitive   = false
}

locals {
  api = "https://tickets.example/${var.env}"
}

defaults {
  retries         = 2
  retry_delay     = "30s"
  retry_backoff   = 1
  retry_max_delay = "10m"
  retry_jitter    = 0
  timeout         = null
}

pool "ticket_api" {
  size = 2
}

pipe "fetch" {
  use           = "http"
  method        = "GET"
  url           = "${local.api}/tickets?state=new"
  retries       = 5
  retry_delay   = "2s"
  retry_backoff = 2
  timeout       = "30s"
  pool          = "ticket_api"
}

pipe "classify" {
  use      = "exec"
  for_each = pipe.fetch.output.json.tickets
  command  = ["./classify", each.value.id]
  if       = length(pipe.fetch.output.json.tickets) > 0
}

pipe "notify_failure" {
  use        = "exec"
  trigger    = "one_failed"
  depends_on = [pipe.classify]
  command    = ["./page-oncall"]
}

pipe "routing" {
  sequential = true
  retries    = 3

  pipe "load" {
    use     = "exec"
    command = ["./load"]
  }
  pipe "store" {
    use     = "exec"
    command = ["./store", pipe.load.output.stdout]
  }
}

schedule "every_5m" {
  every   = "5m"
  overlap = "skip"
}

output "routed" {
  value = pipe.store.output.stdout
}
