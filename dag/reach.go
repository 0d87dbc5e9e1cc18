package dag

// Reach returns starts and everything reachable from them through next, as a
// set. It is the walk for graphs that are not compiled, keyed by anything: the
// nodes a --target needs, or what an earlier run's changed pipes feed.
// (Compiled graphs have Ancestors and Descendants.)
func Reach[K comparable](starts []K, next func(K) []K) map[K]bool {
	seen := make(map[K]bool, len(starts))
	stack := append([]K(nil), starts...)
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[k] {
			continue
		}
		seen[k] = true
		stack = append(stack, next(k)...)
	}
	return seen
}
