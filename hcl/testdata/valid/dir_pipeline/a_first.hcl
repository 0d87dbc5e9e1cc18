pipeline "from_dir" {
  parallelism = 3
}

pipe "first" {
  use     = "exec"
  command = ["./first", pipe.second.output.stdout]
}
