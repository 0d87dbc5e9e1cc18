pipeline "one" {
  parallelism = 2
}

pipeline "two" {   # ERROR: Duplicate pipeline block
  parallelism = 3
}

pipe "a" {
  use     = "exec"
  command = ["./a"]
}
