schedule "every_5m" {   # ERROR: schedule is not supported yet
  every = "5m"
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
