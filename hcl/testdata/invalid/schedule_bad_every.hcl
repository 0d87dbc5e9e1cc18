schedule "no_unit" {
  every = "5"   # ERROR: Invalid duration
}

schedule "too_often" {
  every = "100ms"   # ERROR: Invalid every
}

schedule "negative" {
  every = "-1m"   # ERROR: Invalid duration
}

schedule "not_a_string" {
  every = ["5m"]   # ERROR: Incorrect attribute value type
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
