pipe "a" {
  use = "value"
  for_each = toset(["café", "日本", "emoji-😀"])
  value = each.key
}
