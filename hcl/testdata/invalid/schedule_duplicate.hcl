schedule "s" {
  every = "5m"
}

schedule "s" {   # ERROR: Duplicate schedule
  every = "10m"
}

schedule "bad name" {   # ERROR: Invalid schedule name
  every = "10m"
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
