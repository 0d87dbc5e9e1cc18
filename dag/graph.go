// Package dag is dagrun's dependency graph: a builder for nodes with string ids
// and "must finish before" edges, compiled into an immutable, int-indexed form
// (CSR successor and predecessor slices, in-degrees, a stable topological order,
// levels) that the executor walks on its hot path without maps or allocations.
// Compiling reports every dependency cycle with the ids on it; the compiled graph
// also answers planning questions (levels, critical path, the ancestors of a
// --target, induced subgraphs) and draws itself as DOT or Mermaid. It knows
// nothing of HCL, pipes or metrics.
package dag

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
)

// ErrDuplicateNode is wrapped by the error AddNode returns for an id that is
// already in the graph.
var ErrDuplicateNode = errors.New("duplicate node")

// ErrUnknownNode is wrapped by the error AddEdge returns when an end of the edge
// is not in the graph.
var ErrUnknownNode = errors.New("unknown node")

// Graph builds a graph node by node and edge by edge. Its zero value is not
// usable; call New. A Graph is not safe for concurrent use; the Compiled graphs
// it produces are independent of it and of each other.
type Graph struct {
	ids   []string
	index map[string]int32
	// Edges in the order they were added, duplicates included; Compile sorts
	// and dedupes them in O(V+E).
	from, to []int32
	// forward stays true while every edge goes from a lower to a higher index:
	// then insertion order is already the stable topological order and Compile
	// can skip the ready-queue walk.
	forward bool
	// shared is set by Compile, which hands ids and index to the Compiled
	// graph; the next AddNode copies them first (copy-on-write), so building
	// more after compiling never changes an earlier Compiled.
	shared bool
}

// New returns an empty graph with room for sizeHint nodes.
func New(sizeHint int) *Graph {
	if sizeHint < 0 {
		sizeHint = 0
	}
	return &Graph{
		ids:     make([]string, 0, sizeHint),
		index:   make(map[string]int32, sizeHint),
		forward: true,
	}
}

// Len is the number of nodes added so far.
func (g *Graph) Len() int { return len(g.ids) }

// Index returns the index of the node with the given id.
func (g *Graph) Index(id string) (int, bool) {
	i, ok := g.index[id]
	return int(i), ok
}

// ID returns the id of the node with index i.
func (g *Graph) ID(i int) string { return g.ids[i] }

// AddNode adds a node and returns its index; indexes are given out in
// insertion order from 0. Adding an id twice returns the index of the existing
// node and an error wrapping ErrDuplicateNode.
func (g *Graph) AddNode(id string) (int, error) {
	if i, ok := g.index[id]; ok {
		return int(i), fmt.Errorf("dag: %w %q", ErrDuplicateNode, id)
	}
	if len(g.ids) == math.MaxInt32 {
		panic("dag: too many nodes")
	}
	if g.shared {
		g.index = maps.Clone(g.index)
		g.shared = false
	}
	i := int32(len(g.ids))
	g.ids = append(g.ids, id)
	g.index[id] = i
	return int(i), nil
}

// AddEdge records that from must finish before to. An id that is not in the
// graph gives an error wrapping ErrUnknownNode. Adding an edge twice is
// harmless: Compile keeps one. An edge from a node to itself is a cycle, which
// Compile reports.
func (g *Graph) AddEdge(from, to string) error {
	f, ok := g.index[from]
	if !ok {
		return fmt.Errorf("dag: edge %q -> %q: %w %q", from, to, ErrUnknownNode, from)
	}
	t, ok := g.index[to]
	if !ok {
		return fmt.Errorf("dag: edge %q -> %q: %w %q", from, to, ErrUnknownNode, to)
	}
	g.addEdge(f, t)
	return nil
}

// AddEdgeIndex is AddEdge by node index, for callers that keep indexes. It
// panics if an index is out of range.
func (g *Graph) AddEdgeIndex(from, to int) {
	n := len(g.ids)
	if from < 0 || from >= n || to < 0 || to >= n {
		panic(fmt.Sprintf("dag: AddEdgeIndex(%d, %d) out of range [0, %d)", from, to, n))
	}
	g.addEdge(int32(from), int32(to))
}

func (g *Graph) addEdge(f, t int32) {
	if len(g.from) == math.MaxInt32 {
		panic("dag: too many edges")
	}
	g.from = append(g.from, f)
	g.to = append(g.to, t)
	if f >= t {
		g.forward = false
	}
}

// GrowEdges makes room for n more edges, to spare reallocations when the edge
// count is known in advance.
func (g *Graph) GrowEdges(n int) {
	if n <= 0 {
		return
	}
	g.from = slices.Grow(g.from, n)
	g.to = slices.Grow(g.to, n)
}
