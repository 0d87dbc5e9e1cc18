// Package executor runs a graph of nodes: readiness from dependencies, a global
// parallelism limit and named pools, per-node retries with back-off, per-attempt
// timeouts, trigger rules, skip propagation, fail-fast, cancellation, and an
// Observer that sees every event. It knows nothing of HCL or Prometheus: a node is
// an id, its dependencies and a Task function.
//
// Scheduling is done under one mutex by whichever goroutine finishes a node: it
// records the result, counts down its successors' pending upstreams, and hands
// newly ready nodes to free slots, reusing its own goroutine for the next one.
// A node holds a slot only while an attempt (or its condition) runs; waiting for
// dependencies, for a pool, or for a retry back-off holds none.
package executor

import (
	"fmt"

	"github.com/dagrun/dagrun/dag"
)

// Graph is a validated, compiled set of nodes, ready to run any number of times.
type Graph struct {
	nodes     []Node
	c         *dag.Compiled
	order     []int32           // stable topological order
	pooled    []int32           // the nodes that name a pool
	triggered []int32           // the nodes whose trigger is not AllSuccess
	steps     map[int32][]int32 // composite node → its steps (Node.Steps)
	handlers  []int32           // the handler nodes (Node.Handler)
	deadlines []int32           // the nodes with a Deadline, handlers left out
	inOrder   bool              // order is 0, 1, 2...: the nodes were given in a topological order
	// roots is how many nodes have no upstream: a run's worklist and ready
	// queue hold them all at its start, and are made that large at once.
	roots int
}

// NewGraph validates nodes (unique ids, known dependencies, no cycles) and compiles
// them for running. A cycle error is a *dag.CycleError. The graph keeps nodes
// as given, without a copy (of a large graph, a copy of its nodes weighs more
// than the rest of the graph): they must not be changed while the graph is in
// use.
func NewGraph(nodes []Node) (*Graph, error) {
	if err := checkHandlers(nodes); err != nil {
		return nil, err
	}
	b := dag.New(len(nodes))
	for i := range nodes {
		if nodes[i].ID == "" {
			return nil, fmt.Errorf("node %d: empty id", i)
		}
		if _, err := b.AddNode(nodes[i].ID); err != nil {
			return nil, err
		}
	}
	for i := range nodes {
		for _, d := range nodes[i].Deps {
			if err := b.AddEdge(d, nodes[i].ID); err != nil {
				return nil, fmt.Errorf("node %q: %w", nodes[i].ID, err)
			}
		}
	}
	var steps map[int32][]int32
	inGroup := map[string]string{}
	for i := range nodes {
		if len(nodes[i].Steps) == 0 {
			continue
		}
		if nodes[i].Task != nil || nodes[i].Expand != nil {
			return nil, fmt.Errorf("node %q: a composite (Steps) has no Task and no Expand", nodes[i].ID)
		}
		if steps == nil {
			steps = map[int32][]int32{}
		}
		for _, m := range nodes[i].Steps {
			if other, ok := inGroup[m]; ok {
				return nil, fmt.Errorf("node %q: step %q is a step of %q already", nodes[i].ID, m, other)
			}
			inGroup[m] = nodes[i].ID
			// A step waits for its composite (duplicate edges are dropped).
			if err := b.AddEdge(nodes[i].ID, m); err != nil {
				return nil, fmt.Errorf("node %q: step: %w", nodes[i].ID, err)
			}
		}
	}
	c, err := b.Compile()
	if err != nil {
		return nil, err
	}
	g := &Graph{nodes: nodes, c: c, order: c.Order(), steps: steps}
	for i := range nodes {
		for _, m := range nodes[i].Steps {
			k, _ := c.Index(m)
			g.steps[int32(i)] = append(g.steps[int32(i)], int32(k))
		}
	}
	g.inOrder = true
	for k, i := range g.order {
		if int(i) != k {
			g.inOrder = false
			break
		}
	}
	for i := range g.nodes {
		if c.Indegree[i] == 0 {
			g.roots++
		}
		if g.nodes[i].Pool != "" {
			g.pooled = append(g.pooled, int32(i))
		}
		if g.nodes[i].Trigger != AllSuccess {
			g.triggered = append(g.triggered, int32(i))
		}
		switch nd := &g.nodes[i]; {
		case nd.Handler != NotHandler:
			g.handlers = append(g.handlers, int32(i))
		case nd.Deadline > 0:
			g.deadlines = append(g.deadlines, int32(i))
		}
	}
	return g, nil
}

// Len is the number of nodes.
func (g *Graph) Len() int { return len(g.nodes) }

// Node returns the node with index i (in the order given to NewGraph), as
// given: an empty Pipe stands for its ID.
func (g *Graph) Node(i int) *Node { return &g.nodes[i] }

// Compiled exposes the underlying graph (levels, drawing, critical path).
func (g *Graph) Compiled() *dag.Compiled { return g.c }
