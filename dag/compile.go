package dag

import (
	"math"
)

// Compiled is an immutable, acyclic graph in int-indexed form: node i has id
// IDs[i] (insertion order of the builder), and its successors and predecessors
// are sub-slices of two CSR arrays, each sorted by index and free of duplicates.
// All of it is computed by Compile; the methods only read, so a Compiled graph
// may be shared by any number of goroutines. Slices it returns, and its exported
// fields, belong to it: callers must not modify them (copy Indegree to count
// down).
type Compiled struct {
	// IDs maps index to id, in insertion order.
	IDs []string
	// Indegree is the number of distinct predecessors of each node.
	Indegree []int32

	index map[string]int32

	// CSR: the successors of i are succ[succOff[i]:succOff[i+1]], and the same
	// for predecessors.
	succOff, succ []int32
	predOff, pred []int32

	order  []int32   // stable topological order
	level  []int32   // level of each node
	levels [][]int32 // nodes of each level, by index
}

// Compile checks the graph for cycles and returns its compiled form, in
// O(E + V log V) time (O(V+E) when every edge goes from a lower to a higher
// index) and about 8 bytes per distinct edge. Duplicate edges are merged. If
// the graph has cycles, Compile returns a *CycleError naming all of them.
//
// The builder may be used further after Compile; that does not change the
// returned graph.
func (g *Graph) Compile() (*Compiled, error) {
	n := len(g.ids)
	c := &Compiled{IDs: g.ids[:n:n], index: g.index}
	g.shared = true
	c.predOff, c.pred = predecessorCSR(n, g.from, g.to)
	c.succOff, c.succ = transpose(n, c.predOff, c.pred)
	c.Indegree = make([]int32, n)
	for i := range c.Indegree {
		c.Indegree[i] = c.predOff[i+1] - c.predOff[i]
	}
	if err := c.finish(g.forward); err != nil {
		return nil, err
	}
	return c, nil
}

// predecessorCSR turns an edge list (from[e] -> to[e]) into predecessor lists
// in CSR form, each sorted by index with duplicates dropped, in O(V+E): a
// counting sort groups the targets by source, and walking the sources in
// index order then appends each source to its targets' lists in sorted order.
func predecessorCSR(n int, from, to []int32) (off, pred []int32) {
	if len(from) > math.MaxInt32 {
		panic("dag: too many edges")
	}
	// Targets grouped by source: bySrc[srcOff[i]:srcOff[i+1]].
	srcOff := make([]int32, n+1)
	for _, f := range from {
		srcOff[f+1]++
	}
	for i := 0; i < n; i++ {
		srcOff[i+1] += srcOff[i]
	}
	cursor := make([]int32, n)
	copy(cursor, srcOff[:n])
	bySrc := make([]int32, len(from))
	for e, f := range from {
		bySrc[cursor[f]] = to[e]
		cursor[f]++
	}

	// Count distinct predecessors; cursor now marks the last source counted
	// for each target.
	off = make([]int32, n+1)
	for i := range cursor {
		cursor[i] = -1
	}
	for i := int32(0); i < int32(n); i++ {
		for _, t := range bySrc[srcOff[i]:srcOff[i+1]] {
			if cursor[t] != i {
				cursor[t] = i
				off[t+1]++
			}
		}
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}

	// Fill: sources come in increasing order, so a duplicate edge is always
	// the last entry written to its target's list.
	pred = make([]int32, off[n])
	copy(cursor, off[:n])
	for i := int32(0); i < int32(n); i++ {
		for _, t := range bySrc[srcOff[i]:srcOff[i+1]] {
			k := cursor[t]
			if k > off[t] && pred[k-1] == i {
				continue
			}
			pred[k] = i
			cursor[t] = k + 1
		}
	}
	return off, pred
}

// transpose reverses the edges of a CSR adjacency. Because the rows are walked
// in index order, every list of the result is sorted.
func transpose(n int, off, adj []int32) (toff, tadj []int32) {
	toff = make([]int32, n+1)
	for _, v := range adj {
		toff[v+1]++
	}
	for i := 0; i < n; i++ {
		toff[i+1] += toff[i]
	}
	cursor := make([]int32, n)
	copy(cursor, toff[:n])
	tadj = make([]int32, len(adj))
	for i := int32(0); i < int32(n); i++ {
		for _, v := range adj[off[i]:off[i+1]] {
			tadj[cursor[v]] = i
			cursor[v]++
		}
	}
	return toff, tadj
}

// finish computes the order and levels from the CSR arrays, or reports the
// cycles that prevent an order. forward means every edge goes from a lower to
// a higher index, so insertion order is the order.
func (c *Compiled) finish(forward bool) *CycleError {
	n := len(c.IDs)
	if forward {
		c.order = make([]int32, n)
		for i := range c.order {
			c.order[i] = int32(i)
		}
	} else {
		var pending []int32
		c.order, pending = c.stableOrder()
		if len(c.order) < n {
			return c.cycles(pending)
		}
	}
	c.computeLevels()
	return nil
}

// stableOrder is Kahn's algorithm with a min-heap for the ready nodes: of the
// nodes whose predecessors are all placed, the one with the lowest index comes
// next. It returns fewer than Len nodes if there is a cycle, and the number of
// unplaced predecessors of each node.
func (c *Compiled) stableOrder() (order, pending []int32) {
	n := len(c.IDs)
	pending = make([]int32, n)
	copy(pending, c.Indegree)
	order = make([]int32, 0, n)
	var ready minHeap
	for i, d := range pending {
		if d == 0 {
			ready = append(ready, int32(i)) // ascending: already a heap
		}
	}
	for len(ready) > 0 {
		v := ready.pop()
		order = append(order, v)
		for _, s := range c.succ[c.succOff[v]:c.succOff[v+1]] {
			pending[s]--
			if pending[s] == 0 {
				ready.push(s)
			}
		}
	}
	return order, pending
}

func (c *Compiled) computeLevels() {
	n := len(c.IDs)
	c.level = make([]int32, n)
	depth := int32(0)
	for _, v := range c.order {
		l := int32(0)
		for _, p := range c.pred[c.predOff[v]:c.predOff[v+1]] {
			l = max(l, c.level[p]+1)
		}
		c.level[v] = l
		depth = max(depth, l+1)
	}
	// Bucket the nodes by level; walking indexes in order keeps each bucket
	// sorted.
	off := make([]int32, depth+1)
	for _, l := range c.level {
		off[l+1]++
	}
	for l := int32(0); l < depth; l++ {
		off[l+1] += off[l]
	}
	nodes := make([]int32, n)
	cursor := make([]int32, depth)
	copy(cursor, off[:depth])
	for i, l := range c.level {
		nodes[cursor[l]] = int32(i)
		cursor[l]++
	}
	c.levels = make([][]int32, depth)
	for l := range c.levels {
		c.levels[l] = nodes[off[l]:off[l+1]:off[l+1]]
	}
}

// minHeap is a binary min-heap of node indexes, written out rather than via
// container/heap to keep interface calls off Compile's inner loop.
type minHeap []int32

func (h *minHeap) push(v int32) {
	s := append(*h, v)
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if s[p] <= v {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = v
	*h = s
}

func (h *minHeap) pop() int32 {
	s := *h
	top := s[0]
	last := s[len(s)-1]
	s = s[:len(s)-1]
	n := len(s)
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		if r := l + 1; r < n && s[r] < s[l] {
			l = r
		}
		if last <= s[l] {
			break
		}
		s[i] = s[l]
		i = l
	}
	if n > 0 {
		s[i] = last
	}
	*h = s
	return top
}
