pipe "fetch" {
  use     = "exec"
  command = ["./fetch"]
}

pipe "b" {
  use     = "exec"
  command = ["./b", fetch.output.stdout]   # ERROR: Unknown reference
}
