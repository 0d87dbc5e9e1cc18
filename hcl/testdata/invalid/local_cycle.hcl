locals {
  a = "${local.c}-a"   # ERROR: Cycle in local values
  b = "${local.a}-b"
  c = "${local.b}-c"
}

pipe "x" {
  use     = "exec"
  command = ["./x", local.a]
}
