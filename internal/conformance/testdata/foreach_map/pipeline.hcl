# for_each over a map: one instance per key, id[key]; the fan-out sums them up.
defaults {
  retries = 0
}

pipe "greet" {
  for_each = { en = "hello", fr = "bonjour" }
  use      = "value"
  value    = "${each.key}:${each.value}"
}

pipe "all" {
  use   = "value"
  value = { for k, v in pipe.greet : k => v.output }
}
