# Ticket routing, modelled on the seed system: fetch new tickets, classify them,
# route each queue's tickets, and page someone if anything failed.
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
  url     = "${var.api}/tickets?state=new"
  headers = { Authorization = "Bearer ${var.api_token}" }
  timeout = "10s"
  pool    = "ticket_api"
}

# Classification is an expression step: no process needed.
pipe "classify" {
  use = "value"
  value = {
    for t in pipe.fetch.output.json.tickets :
    t.id => merge(t, { queue = t.kind == "outage" ? "oncall" : "support" })
  }
}

pipe "route" {
  description = "send each queue its tickets"

  pipe "route_oncall" {
    use     = "http"
    method  = "POST"
    url     = "${var.api}/route/oncall"
    headers = { Authorization = "Bearer ${var.api_token}", "Content-Type" = "application/json" }
    body    = jsonencode([for id, t in pipe.classify.output : t if t.queue == "oncall"])
    pool    = "ticket_api"
  }
  pipe "route_support" {
    use     = "http"
    method  = "POST"
    url     = "${var.api}/route/support"
    headers = { Authorization = "Bearer ${var.api_token}", "Content-Type" = "application/json" }
    body    = jsonencode([for id, t in pipe.classify.output : t if t.queue == "support"])
    pool    = "ticket_api"
  }
}

pipe "summary" {
  use     = "exec"
  command = ["echo", "routed ${pipe.route_oncall.output.json.accepted} to oncall, ${pipe.route_support.output.json.accepted} to support"]
}

pipe "notify_failure" {
  use        = "exec"
  trigger    = "one_failed"
  depends_on = [pipe.fetch, pipe.classify, pipe.route]
  retries    = 0
  command    = ["echo", "paging on-call: ticket routing failed"]
}

output "routed" {
  value = trimspace(pipe.summary.output.stdout)
}
