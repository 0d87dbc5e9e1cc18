variable "env" {
  default = "dev"
}

variable "workers" {
  type    = number
  default = 4
}

variable "targets" {
  type    = list(string)
  default = ["a", "b"]
}

variable "token" {
  type      = string
  default   = "s3cr3t-token"
  sensitive = true
}

variable "creds" {
  type = object({
    user     = string
    password = optional(string, "hunter2")
  })
  default   = { user = "admin" }
  sensitive = true
}

locals {
  auth     = "Bearer ${var.token}"
  base     = "https://${var.env}.example"
  url      = "${local.base}/v1"
  n        = var.workers * 2
  tags     = [for t in var.targets : upper(t)]
  upstream = local.url
}

pipe "call" {
  use     = "http"
  url     = local.url
  headers = { Authorization = local.auth }
}

pipe "count" {
  use     = "exec"
  command = concat(["./count", tostring(local.n)], local.tags)
}

output "url" {
  value       = local.url
  description = "where it went"
}

output "auth" {
  value = local.auth
}

output "status" {
  value = pipe.call.output.status
}
