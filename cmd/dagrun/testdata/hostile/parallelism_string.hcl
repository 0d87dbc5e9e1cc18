pipeline "x" {
  parallelism = "ten"
}
