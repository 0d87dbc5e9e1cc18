# Ticket routing, modelled on the seed system: fetch the tickets, classify the
# new ones, update each with its queue, route each queue's tickets, and page
# someone if anything failed.
pipeline "ticket_routing" {
  parallelism = 4
}

variable "api" {
  type        = string
  default     = "http://127.0.0.1:8765"
  description = "base URL of the ticket API (go run ./examples/ticket_routing/server)"
}

variable "api_token" {
  type      = string
  default   = "dev-token"
  sensitive = true
}

defaults {
  retries       = 3
  retry_delay   = "500ms"
  retry_backoff = 2
}

pool "ticket_api" {
  size = 2
}

pipe "fetch" {
  use     = "http"
  url     = "${var.api}/tickets"
  headers = { Authorization = "Bearer ${var.api_token}" }
  timeout = "10s"
  pool    = "ticket_api"
}

# Classification is an expression step, one per ticket: no process needed.
# Only new tickets are classified: the others are filtered out, and what
# depends on classify sees the new tickets only.
pipe "classify" {
  for_each = { for t in pipe.fetch.output.json.tickets : t.id => t }
  if       = each.value.state == "new"
  use      = "value"
  value    = merge(each.value, { queue = each.value.kind == "outage" ? "oncall" : "support" })
}

# Update each classified ticket: its queue, and triaged.
pipe "update" {
  for_each = pipe.classify
  use      = "http"
  method   = "POST"
  url      = "${var.api}/tickets/${each.key}"
  headers  = { Authorization = "Bearer ${var.api_token}", "Content-Type" = "application/json" }
  body     = jsonencode({ queue = each.value.output.queue, state = "triaged" })
  pool     = "ticket_api"
}

pipe "route" {
  description = "send each queue its tickets"

  pipe "route_oncall" {
    use     = "http"
    method  = "POST"
    url     = "${var.api}/route/oncall"
    headers = { Authorization = "Bearer ${var.api_token}", "Content-Type" = "application/json" }
    body    = jsonencode([for id, t in pipe.classify : t.output if t.output.queue == "oncall"])
    pool    = "ticket_api"
  }
  pipe "route_support" {
    use     = "http"
    method  = "POST"
    url     = "${var.api}/route/support"
    headers = { Authorization = "Bearer ${var.api_token}", "Content-Type" = "application/json" }
    body    = jsonencode([for id, t in pipe.classify : t.output if t.output.queue == "support"])
    pool    = "ticket_api"
  }
}

pipe "summary" {
  use     = "exec"
  command = ["echo", "updated ${length(pipe.update)} ticket(s); routed ${pipe.route_oncall.output.json.accepted} to oncall, ${pipe.route_support.output.json.accepted} to support"]
}

pipe "notify_failure" {
  use        = "exec"
  trigger    = "one_failed"
  depends_on = [pipe.fetch, pipe.classify, pipe.update, pipe.route]
  retries    = 0
  command    = ["echo", "paging on-call: ticket routing failed"]
}

output "routed" {
  value = trimspace(pipe.summary.output.stdout)
}
