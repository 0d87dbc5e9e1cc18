pipe "a" {
  use = "exec"
  command = ["true"]
  env = {"A=B" = "c"}
}
