locals {
  x = self.output   # ERROR: Reference to self outside skip_if and retry_if
}

pipe "a" {
  use     = "exec"
  command = ["echo", self.output]   # ERROR: Reference to self outside skip_if and retry_if
  if      = self.exit_code == 0     # ERROR: Reference to self outside skip_if and retry_if
}

output "o" {
  value = self.output   # ERROR: Reference to self outside skip_if and retry_if
}
