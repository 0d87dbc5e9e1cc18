pipeline "a" {}
pipeline "b" {}
