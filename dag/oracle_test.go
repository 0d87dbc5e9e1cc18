package dag

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dominikbraun/graph"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// randomGraph returns ids and edges for a random graph of up to maxNodes nodes.
// Most graphs are acyclic (edges go from a lower to a higher position of a
// hidden permutation, so insertion order is not already topological); some get
// back edges, self loops and duplicates.
func randomGraph(r *rand.Rand, maxNodes int) ([]string, []edge) {
	n := 1 + r.IntN(maxNodes)
	ids := make([]string, n)
	for i := range ids {
		// Non-empty: dominikbraun/graph's SCC search mistakes the zero hash
		// for "no vertex".
		ids[i] = fmt.Sprintf("n%d", i)
	}
	rank := r.Perm(n)
	var edges []edge
	m := r.IntN(4*n + 1)
	for range m {
		a, b := r.IntN(n), r.IntN(n)
		if a == b {
			continue
		}
		if rank[a] > rank[b] {
			a, b = b, a
		}
		edges = append(edges, edge{ids[a], ids[b]})
	}
	switch r.IntN(4) {
	case 0: // back edges make cycles
		for range 1 + r.IntN(3) {
			a, b := r.IntN(n), r.IntN(n)
			edges = append(edges, edge{ids[a], ids[b]})
		}
	case 1: // duplicates
		for k := range min(len(edges), 5) {
			edges = append(edges, edges[k])
		}
	}
	r.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
	return ids, edges
}

func oracleGraph(t *testing.T, ids []string, edges []edge) graph.Graph[string, string] {
	t.Helper()
	g := graph.New(graph.StringHash, graph.Directed())
	for _, id := range ids {
		if err := g.AddVertex(id); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range edges {
		if err := g.AddEdge(e.From, e.To); err != nil && !errors.Is(err, graph.ErrEdgeAlreadyExists) {
			t.Fatal(err)
		}
	}
	return g
}

// TestOracle checks Compile and the compiled graph against dominikbraun/graph
// and against brute-force definitions on small random graphs.
func TestOracle(t *testing.T) {
	for seed := range uint64(300) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 42))
			ids, edges := randomGraph(r, 200)
			og := oracleGraph(t, ids, edges)
			index := make(map[string]int, len(ids))
			for i, id := range ids {
				index[id] = i
			}
			c, err := build(t, ids, edges)

			// Cycles: the components of more than one node, or with a self loop.
			sccs, oerr := graph.StronglyConnectedComponents(og)
			if oerr != nil {
				t.Fatal(oerr)
			}
			var wantMembers [][]string
			for _, comp := range sccs {
				if _, selfErr := og.Edge(comp[0], comp[0]); len(comp) > 1 || selfErr == nil {
					slices.SortFunc(comp, func(a, b string) int { return index[a] - index[b] })
					wantMembers = append(wantMembers, comp)
				}
			}
			slices.SortFunc(wantMembers, func(a, b []string) int { return index[a[0]] - index[b[0]] })
			_, topoErr := graph.TopologicalSort(og)
			if (topoErr != nil) != (len(wantMembers) > 0) {
				t.Fatalf("oracle disagrees with itself: TopologicalSort %v, %d cyclic components", topoErr, len(wantMembers))
			}
			if len(wantMembers) > 0 {
				var ce *CycleError
				if !errors.As(err, &ce) {
					t.Fatalf("Compile = %v, want a *CycleError with %v", err, wantMembers)
				}
				if diff := cmp.Diff(wantMembers, ce.Members()); diff != "" {
					t.Fatalf("cycle members (-oracle +got):\n%s", diff)
				}
				for k, cyc := range ce.Cycles {
					checkCycle(t, og, cyc, ce.Members()[k])
				}
				return
			}
			if err != nil {
				t.Fatalf("Compile = %v on an acyclic graph", err)
			}
			checkCompiled(t, c, og, r)
		})
	}
}

// checkCycle: a simple closed path along real edges, starting at the
// earliest member, inside the component.
func checkCycle(t *testing.T, og graph.Graph[string, string], cyc, members []string) {
	t.Helper()
	if len(cyc) < 2 || cyc[0] != members[0] || cyc[len(cyc)-1] != cyc[0] {
		t.Fatalf("cycle %v does not start and end at %q", cyc, members[0])
	}
	seen := map[string]bool{}
	for k, id := range cyc[:len(cyc)-1] {
		if seen[id] {
			t.Fatalf("cycle %v visits %q twice", cyc, id)
		}
		seen[id] = true
		if !slices.Contains(members, id) {
			t.Fatalf("cycle %v leaves its component %v", cyc, members)
		}
		if _, err := og.Edge(id, cyc[k+1]); err != nil {
			t.Fatalf("cycle %v: no edge %q -> %q", cyc, id, cyc[k+1])
		}
	}
}

func checkCompiled(t *testing.T, c *Compiled, og graph.Graph[string, string], r *rand.Rand) {
	t.Helper()
	n := c.Len()
	preds, err := og.PredecessorMap()
	if err != nil {
		t.Fatal(err)
	}
	adj, err := og.AdjacencyMap()
	if err != nil {
		t.Fatal(err)
	}

	// Same edges, as sorted lists.
	var a struct{ Succ, Pred, WantSucc, WantPred [][]int32 }
	for i, id := range c.IDs {
		var succ, pred []int32
		for s := range adj[id] {
			j, _ := c.Index(s)
			succ = append(succ, int32(j))
		}
		for p := range preds[id] {
			j, _ := c.Index(p)
			pred = append(pred, int32(j))
		}
		slices.Sort(succ)
		slices.Sort(pred)
		a.WantSucc = append(a.WantSucc, succ)
		a.WantPred = append(a.WantPred, pred)
		a.Succ = append(a.Succ, c.Successors(i))
		a.Pred = append(a.Pred, c.Predecessors(i))
		if int(c.Indegree[i]) != len(pred) {
			t.Fatalf("Indegree(%q) = %d, want %d", id, c.Indegree[i], len(pred))
		}
	}
	if !equalLists(a.WantSucc, a.Succ) {
		t.Fatalf("Successors (-oracle +got):\n%s", cmp.Diff(a.WantSucc, a.Succ, cmpopts.EquateEmpty()))
	}
	if !equalLists(a.WantPred, a.Pred) {
		t.Fatalf("Predecessors (-oracle +got):\n%s", cmp.Diff(a.WantPred, a.Pred, cmpopts.EquateEmpty()))
	}

	// Order: topological, and the lowest ready index first (brute force).
	checkTopological(t, c, c.Order())
	placed := make([]bool, n)
	var want []int32
	for len(want) < n {
		for i := range n {
			if placed[i] {
				continue
			}
			ready := true
			for _, p := range c.Predecessors(i) {
				ready = ready && placed[p]
			}
			if ready {
				placed[i] = true
				want = append(want, int32(i))
				break
			}
		}
	}
	if !slices.Equal(want, c.Order()) {
		t.Fatalf("Order (-brute force +got):\n%s", cmp.Diff(want, c.Order()))
	}
	oracleOrder, err := graph.TopologicalSort(og)
	if err != nil || len(oracleOrder) != n {
		t.Fatalf("oracle TopologicalSort: %v", err)
	}

	// Levels and critical path by memoized recursion over the oracle.
	level := map[string]int{}
	heaviest := map[string]float64{}
	weight := func(i int) float64 { return float64(1 + (i*7)%5) }
	var visit func(id string)
	visit = func(id string) {
		if _, ok := level[id]; ok {
			return
		}
		l, h := 0, 0.0
		for p := range preds[id] {
			visit(p)
			l = max(l, level[p]+1)
			h = max(h, heaviest[p])
		}
		i, _ := c.Index(id)
		level[id], heaviest[id] = l, h+weight(i)
	}
	wantTotal := 0.0
	for i, id := range c.IDs {
		visit(id)
		if got := c.Level(i); got != level[id] {
			t.Fatalf("Level(%q) = %d, want %d", id, got, level[id])
		}
		wantTotal = max(wantTotal, heaviest[id])
	}
	path, total := c.CriticalPath(weight)
	if total != wantTotal {
		t.Fatalf("critical path total %v, want %v", total, wantTotal)
	}
	sum := 0.0
	for k, v := range path {
		sum += weight(int(v))
		if k == 0 && c.Indegree[v] != 0 {
			t.Fatalf("critical path starts at %q, not a root", c.IDs[v])
		}
		if k > 0 && !slices.Contains(c.Predecessors(int(v)), path[k-1]) {
			t.Fatalf("critical path: no edge %q -> %q", c.IDs[path[k-1]], c.IDs[v])
		}
	}
	if sum != total {
		t.Fatalf("critical path weighs %v, reported %v", sum, total)
	}

	// Ancestors of a random target: what a DFS of the reversed graph reaches.
	target := r.IntN(n)
	reversed := graph.New(graph.StringHash, graph.Directed())
	for _, id := range c.IDs {
		reversed.AddVertex(id)
	}
	for _, e := range edgeList(c) {
		reversed.AddEdge(e.To, e.From)
	}
	want = want[:0]
	if err := graph.DFS(reversed, c.IDs[target], func(v string) bool {
		i, _ := c.Index(v)
		want = append(want, int32(i))
		return false
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(want)
	var got []int32
	for i, ok := range c.Ancestors(target) {
		if ok {
			got = append(got, int32(i))
		}
	}
	if !slices.Equal(want, got) {
		t.Fatalf("Ancestors(%q) (-oracle +got):\n%s", c.IDs[target], cmp.Diff(want, got))
	}

	// Subgraph equals compiling the induced graph from scratch.
	keep := make([]bool, n)
	var keptIDs []string
	for i := range keep {
		if keep[i] = r.IntN(3) > 0; keep[i] {
			keptIDs = append(keptIDs, c.IDs[i])
		}
	}
	var keptEdges []edge
	for _, e := range edgeList(c) {
		i, _ := c.Index(e.From)
		j, _ := c.Index(e.To)
		if keep[i] && keep[j] {
			keptEdges = append(keptEdges, e)
		}
	}
	type view struct {
		IDs      []string
		Edges    []edge
		Order    []int32
		Levels   [][]int32
		Indegree []int32
	}
	see := func(c *Compiled) view {
		return view{c.IDs, edgeList(c), c.Order(), c.Levels(), c.Indegree}
	}
	want2, got2 := see(mustBuild(t, keptIDs, keptEdges)), see(c.Subgraph(keep))
	if !slices.Equal(want2.IDs, got2.IDs) || !slices.Equal(want2.Edges, got2.Edges) || !slices.Equal(want2.Order, got2.Order) ||
		!equalLists(want2.Levels, got2.Levels) || !slices.Equal(want2.Indegree, got2.Indegree) {
		t.Fatalf("Subgraph (-compiled afresh +got):\n%s", cmp.Diff(want2, got2, cmpopts.EquateEmpty()))
	}
}

// equalLists is a quick equality for [][]int32, nil equal to empty; cmp.Diff
// over every node of 300 graphs dominated the test's time.
func equalLists(a, b [][]int32) bool {
	return slices.EqualFunc(a, b, func(x, y []int32) bool { return slices.Equal(x, y) })
}
