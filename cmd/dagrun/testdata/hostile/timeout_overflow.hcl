pipe "a" {
  use = "value"
  value = 1
  timeout = "9999999999999999h"
}
