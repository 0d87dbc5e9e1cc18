locals {
  x = csvdecode("a,b\n\"unterminated")
}
