package dag

import (
	"errors"
	"slices"
	"strings"
)

// ErrCycle matches every *CycleError with errors.Is.
var ErrCycle = errors.New("dependency cycle")

// CycleError reports the dependency cycles that keep a graph from compiling:
// one entry per strongly connected component that has more than one node or a
// node with an edge to itself.
//
// Each entry of Cycles is a closed path that starts and ends with the
// component's earliest-added member, e.g. [a b c a]. If a bounded,
// deterministic search finds a simple cycle through all the members, that is
// the path; otherwise (there is none, or the search gave up) it is the longest
// simple cycle through the earliest member that the search met, and Error
// also lists all the members.
// Entries are sorted by their earliest member's index, so the same graph
// always gives the same error.
type CycleError struct {
	Cycles [][]string

	members [][]string
}

// Members returns the nodes of each cycle's strongly connected component, in
// insertion order, parallel to Cycles.
func (e *CycleError) Members() [][]string {
	if e.members != nil {
		return e.members
	}
	// Built by hand: the members are what the cycles show.
	out := make([][]string, len(e.Cycles))
	for k, cyc := range e.Cycles {
		seen := make(map[string]bool, len(cyc))
		for _, id := range cyc {
			if !seen[id] {
				seen[id] = true
				out[k] = append(out[k], id)
			}
		}
	}
	return out
}

// Error gives "dependency cycle: a -> b -> c -> a", with several cycles
// joined by "; ", and " (cycle members: a, b, c, d)" after a cycle that does
// not pass through all the members of its component.
func (e *CycleError) Error() string {
	var b strings.Builder
	b.WriteString("dependency cycle: ")
	members := e.Members()
	for k, cyc := range e.Cycles {
		if k > 0 {
			b.WriteString("; ")
		}
		b.WriteString(strings.Join(cyc, " -> "))
		if k < len(members) && len(members[k]) > len(cyc)-1 {
			b.WriteString(" (cycle members: ")
			b.WriteString(strings.Join(members[k], ", "))
			b.WriteString(")")
		}
	}
	return b.String()
}

// Is reports whether target is ErrCycle.
func (e *CycleError) Is(target error) bool { return target == ErrCycle }

// cycles builds the CycleError for a graph whose topological walk stopped
// early. pending[i] > 0 marks the nodes it could not place: the cycles and
// everything downstream of them. No edge leads from there back to a placed
// node, so the search stays among them.
func (c *Compiled) cycles(pending []int32) *CycleError {
	comps := c.cyclicComponents(pending)
	comp := make([]int32, len(c.IDs))
	for i := range comp {
		comp[i] = -1
	}
	for k, members := range comps {
		for _, v := range members {
			comp[v] = int32(k)
		}
	}
	f := &cycleFinder{c: c, comp: comp, parent: make([]int32, len(c.IDs)), onPath: make([]bool, len(c.IDs))}
	for i := range f.parent {
		f.parent[i] = -1
	}
	e := &CycleError{Cycles: make([][]string, len(comps)), members: make([][]string, len(comps))}
	for k, members := range comps {
		e.Cycles[k] = c.names(f.cycle(int32(k), members))
		e.members[k] = c.names(members)
	}
	return e
}

func (c *Compiled) names(idx []int32) []string {
	out := make([]string, len(idx))
	for i, v := range idx {
		out[i] = c.IDs[v]
	}
	return out
}

// cyclicComponents runs Tarjan's algorithm, iteratively so that a long chain
// cannot exhaust the stack, over the nodes with pending > 0, and returns the
// components that hold a cycle, each sorted by index, sorted by their first
// member.
func (c *Compiled) cyclicComponents(pending []int32) [][]int32 {
	n := len(c.IDs)
	num := make([]int32, n) // DFS number + 1; 0 = not visited
	low := make([]int32, n)
	onStack := make([]bool, n)
	var stack []int32
	type frame struct{ v, next int32 }
	var call []frame
	counter := int32(0)
	visit := func(v int32) {
		counter++
		num[v], low[v] = counter, counter
		stack = append(stack, v)
		onStack[v] = true
		call = append(call, frame{v: v, next: c.succOff[v]})
	}
	var comps [][]int32
	for s := int32(0); s < int32(n); s++ {
		if pending[s] == 0 || num[s] != 0 {
			continue
		}
		visit(s)
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.next < c.succOff[v+1] {
				w := c.succ[f.next]
				f.next++
				if num[w] == 0 {
					visit(w)
				} else if onStack[w] {
					low[v] = min(low[v], num[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				u := call[len(call)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] != num[v] {
				continue
			}
			i := len(stack) - 1
			for stack[i] != v {
				i--
			}
			members := slices.Clone(stack[i:])
			for _, w := range members {
				onStack[w] = false
			}
			stack = stack[:i]
			if len(members) > 1 || c.hasEdge(v, v) {
				slices.Sort(members)
				comps = append(comps, members)
			}
		}
	}
	slices.SortFunc(comps, func(a, b []int32) int { return int(a[0] - b[0]) })
	return comps
}

func (c *Compiled) hasEdge(from, to int32) bool {
	_, ok := slices.BinarySearch(c.Successors(int(from)), to)
	return ok
}

// cycleFinder finds a cycle to show for each component. Its scratch arrays
// span the whole graph and are reset after each component.
type cycleFinder struct {
	c      *Compiled
	comp   []int32 // component of each node, -1 for none
	parent []int32 // BFS tree
	onPath []bool  // DFS path
}

// cycle returns a closed path through members[0] inside component k: a simple
// cycle through every member if a search bounded by the component's size finds
// one, else the longest simple cycle that search met, and at least the
// shortest cycle through members[0].
func (f *cycleFinder) cycle(k int32, members []int32) []int32 {
	s := members[0]
	if len(members) == 1 {
		return []int32{s, s}
	}
	best := f.shortestCycle(k, s, members)
	if len(best) == len(members)+1 {
		return best
	}

	// Depth-first search for simple paths from s, noting each edge back to s.
	// A search for a cycle through all members is exponential at worst; the
	// budget, counted in edges examined, keeps it linear in the component's
	// size and the result independent of the machine.
	edges := 0
	for _, v := range members {
		edges += len(f.c.Successors(int(v)))
	}
	budget := 4096 + 16*(len(members)+edges)
	path := []int32{s}
	next := []int32{0}
	f.onPath[s] = true
	for steps := 0; len(path) > 0 && steps < budget; steps++ {
		top := len(path) - 1
		u := path[top]
		succ := f.c.Successors(int(u))
		if int(next[top]) == len(succ) {
			f.onPath[u] = false
			path, next = path[:top], next[:top]
			continue
		}
		w := succ[next[top]]
		next[top]++
		switch {
		case f.comp[w] != k:
		case w == s:
			if len(path)+1 > len(best) {
				best = append(slices.Clone(path), s)
				if len(path) == len(members) {
					path = path[:0] // a Hamiltonian cycle: done
				}
			}
		case !f.onPath[w]:
			f.onPath[w] = true
			path = append(path, w)
			next = append(next, 0)
		}
	}
	for _, v := range members {
		f.onPath[v] = false
	}
	return best
}

// shortestCycle finds a shortest cycle through s by breadth-first search
// within component k. One exists: s shares a component with another node.
func (f *cycleFinder) shortestCycle(k, s int32, members []int32) []int32 {
	defer func() {
		for _, v := range members {
			f.parent[v] = -1
		}
	}()
	queue := []int32{s}
	f.parent[s] = s
	for head := 0; head < len(queue); head++ {
		u := queue[head]
		for _, w := range f.c.Successors(int(u)) {
			if f.comp[w] != k {
				continue
			}
			if w == s {
				var rev []int32
				for v := u; v != s; v = f.parent[v] {
					rev = append(rev, v)
				}
				cyc := make([]int32, 0, len(rev)+2)
				cyc = append(cyc, s)
				for i := len(rev) - 1; i >= 0; i-- {
					cyc = append(cyc, rev[i])
				}
				return append(cyc, s)
			}
			if f.parent[w] < 0 {
				f.parent[w] = u
				queue = append(queue, w)
			}
		}
	}
	panic("dag: no cycle in a cyclic component")
}
