# Sub-pipelines: a pipeline pipe runs another pipeline's pipes as a composite
# of this run (sub.pipe ids), with its vars; the child's outputs are its
# output; a failed child pipe fails the pipeline pipe and skips its dependents.
defaults {
  retries = 0
}

pipe "ok" {
  use    = "pipeline"
  source = "./child/child.hcl"
  vars   = { name = "ok", n = 2 }
}

pipe "bad" {
  use    = "pipeline"
  source = "./child/child.hcl"
  vars   = { name = "bad", n = 1, fail = true }
}

pipe "after_ok" {
  use   = "value"
  value = "${pipe.ok.output.greeting}/${pipe.ok.output.total}"
}

pipe "after_bad" {
  use   = "value"
  value = pipe.bad.output.greeting
}

output "ok" {
  value = pipe.after_ok.output
}
