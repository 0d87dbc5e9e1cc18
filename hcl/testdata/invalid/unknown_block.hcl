pipez "a" {   # ERROR: Unsupported block type
  use = "exec"
}
