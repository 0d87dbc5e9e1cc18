package dag

import "fmt"

// Len is the number of nodes.
func (c *Compiled) Len() int { return len(c.IDs) }

// NumEdges is the number of distinct edges.
func (c *Compiled) NumEdges() int { return len(c.succ) }

// Index returns the index of the node with the given id.
func (c *Compiled) Index(id string) (int, bool) {
	i, ok := c.index[id]
	return int(i), ok
}

// Successors returns the nodes that depend on node i, sorted by index. The
// slice is shared: do not modify it.
func (c *Compiled) Successors(i int) []int32 {
	return c.succ[c.succOff[i]:c.succOff[i+1]:c.succOff[i+1]]
}

// Predecessors returns the nodes node i depends on, sorted by index. The slice
// is shared: do not modify it.
func (c *Compiled) Predecessors(i int) []int32 {
	return c.pred[c.predOff[i]:c.predOff[i+1]:c.predOff[i+1]]
}

// Order returns every node in a stable topological order: each node comes
// after all its predecessors, and among the nodes whose predecessors are all
// placed, the one with the lowest index (earliest added) comes first. So a
// graph whose insertion order already respects its edges keeps that order, and
// the same input always gives the same order. The slice is shared: do not
// modify it.
func (c *Compiled) Order() []int32 { return c.order[:len(c.order):len(c.order)] }

// Levels groups the nodes by level, each group sorted by index. The level of a
// node is the length of the longest path to it from a root (a node without
// predecessors): roots are level 0, and every node is one level deeper than its
// deepest predecessor, so the nodes of one level never depend on each other.
// The slices are shared: do not modify them.
func (c *Compiled) Levels() [][]int32 { return c.levels[:len(c.levels):len(c.levels)] }

// Level returns the level of node i (see Levels).
func (c *Compiled) Level(i int) int { return int(c.level[i]) }

// CriticalPath returns the heaviest path through the graph, from a root, where
// the weight of a path is the sum of the weights of its nodes, and that sum. A
// nil weight counts every node as 1, giving the longest path. Weights are
// meant to be finite and non-negative (durations); then the path also ends at a
// sink. Ties go to the lower index, so the result is deterministic. An empty
// graph gives (nil, 0).
func (c *Compiled) CriticalPath(weight func(i int) float64) (path []int32, total float64) {
	n := len(c.IDs)
	if n == 0 {
		return nil, 0
	}
	dist := make([]float64, n)
	prev := make([]int32, n)
	for _, v := range c.order {
		best, from := 0.0, int32(-1)
		for _, p := range c.Predecessors(int(v)) {
			if from < 0 || dist[p] > best {
				best, from = dist[p], p
			}
		}
		w := 1.0
		if weight != nil {
			w = weight(int(v))
		}
		dist[v] = best + w
		prev[v] = from
	}
	end := int32(0)
	for i := int32(1); i < int32(n); i++ {
		if dist[i] > dist[end] {
			end = i
		}
	}
	for v := end; v >= 0; v = prev[v] {
		path = append(path, v)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path, dist[end]
}

// Ancestors marks the given nodes and every node they transitively depend on:
// what must run to bring the roots about (a --target selection).
func (c *Compiled) Ancestors(roots ...int) []bool {
	return c.reach(roots, c.predOff, c.pred)
}

// Descendants marks the given nodes and every node that transitively depends
// on them.
func (c *Compiled) Descendants(roots ...int) []bool {
	return c.reach(roots, c.succOff, c.succ)
}

func (c *Compiled) reach(roots []int, off, adj []int32) []bool {
	n := len(c.IDs)
	seen := make([]bool, n)
	stack := make([]int32, 0, len(roots))
	for _, r := range roots {
		if r < 0 || r >= n {
			panic(fmt.Sprintf("dag: node index %d out of range [0, %d)", r, n))
		}
		if !seen[r] {
			seen[r] = true
			stack = append(stack, int32(r))
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, w := range adj[off[v]:off[v+1]] {
			if !seen[w] {
				seen[w] = true
				stack = append(stack, w)
			}
		}
	}
	return seen
}

// Subgraph returns the graph induced by the nodes with keep[i] set: those
// nodes, in their relative order, with the same ids, and every edge between
// two of them. Order and levels are computed afresh for the subgraph. keep
// must have Len entries.
func (c *Compiled) Subgraph(keep []bool) *Compiled {
	n := len(c.IDs)
	if len(keep) != n {
		panic(fmt.Sprintf("dag: Subgraph: keep has %d entries for %d nodes", len(keep), n))
	}
	newIndex := make([]int32, n)
	k := 0
	for i, ok := range keep {
		newIndex[i] = -1
		if ok {
			newIndex[i] = int32(k)
			k++
		}
	}
	s := &Compiled{
		IDs:      make([]string, 0, k),
		Indegree: make([]int32, k),
		index:    make(map[string]int32, k),
		predOff:  make([]int32, k+1),
	}
	// The renumbering keeps relative order, so each list stays sorted.
	forward := true
	for i, ok := range keep {
		if !ok {
			continue
		}
		ni := newIndex[i]
		s.index[c.IDs[i]] = ni
		s.IDs = append(s.IDs, c.IDs[i])
		for _, p := range c.Predecessors(i) {
			if np := newIndex[p]; np >= 0 {
				s.pred = append(s.pred, np)
				forward = forward && np < ni
			}
		}
		s.predOff[ni+1] = int32(len(s.pred))
		s.Indegree[ni] = s.predOff[ni+1] - s.predOff[ni]
	}
	s.succOff, s.succ = transpose(k, s.predOff, s.pred)
	if err := s.finish(forward); err != nil {
		// An induced subgraph of an acyclic graph is acyclic.
		panic("dag: Subgraph: " + err.Error())
	}
	return s
}
