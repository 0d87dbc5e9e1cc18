pipe "a" {
  use     = "exec"
  command = ["./a"]
}

output "x" {
  value = pipe.b.output   # ERROR: Reference to undeclared pipe
}

output "y" {
  value = upper(42, 1)   # ERROR: Too many function arguments
}
