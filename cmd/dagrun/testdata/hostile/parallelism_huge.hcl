pipeline "x" {
  parallelism = 1e300
}
