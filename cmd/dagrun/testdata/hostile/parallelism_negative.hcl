pipeline "x" {
  parallelism = -1
}
