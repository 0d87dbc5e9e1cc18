pipe "a" {
  use = "value"
  value = 1
  retry_backoff = 1e308
  retry_delay = "1h"
  retries = 1000000
}
