pipe "a" {
  use     = "exec"
  command = ["./a"]
}

output "result" {   # ERROR: Missing required argument
  description = "no value"
}
