package dag

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

type edge struct{ From, To string }

// build adds ids and then edges (by id) and compiles.
func build(t testing.TB, ids []string, edges []edge) (*Compiled, error) {
	t.Helper()
	g := New(len(ids))
	for _, id := range ids {
		if _, err := g.AddNode(id); err != nil {
			t.Fatalf("AddNode(%q): %v", id, err)
		}
	}
	for _, e := range edges {
		if err := g.AddEdge(e.From, e.To); err != nil {
			t.Fatalf("AddEdge(%q, %q): %v", e.From, e.To, err)
		}
	}
	return g.Compile()
}

func mustBuild(t testing.TB, ids []string, edges []edge) *Compiled {
	t.Helper()
	c, err := build(t, ids, edges)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return c
}

// names maps indexes to ids; nil for none.
func names(c *Compiled, idx []int32) []string {
	if len(idx) == 0 {
		return nil
	}
	out := make([]string, len(idx))
	for i, v := range idx {
		out[i] = c.IDs[v]
	}
	return out
}

func levelNames(c *Compiled) [][]string {
	var out [][]string
	for _, l := range c.Levels() {
		out = append(out, names(c, l))
	}
	return out
}

// edgeList lists a compiled graph's edges by id, in (from, to) index order.
func edgeList(c *Compiled) []edge {
	var out []edge
	for i := range c.Len() {
		for _, s := range c.Successors(i) {
			out = append(out, edge{c.IDs[i], c.IDs[s]})
		}
	}
	return out
}

// checkTopological fails unless order holds every node once and puts each
// node after its predecessors.
func checkTopological(t *testing.T, c *Compiled, order []int32) {
	t.Helper()
	if len(order) != c.Len() {
		t.Fatalf("order has %d nodes, graph %d", len(order), c.Len())
	}
	pos := make([]int, c.Len())
	for i := range pos {
		pos[i] = -1
	}
	for k, v := range order {
		if pos[v] >= 0 {
			t.Fatalf("node %q twice in order", c.IDs[v])
		}
		pos[v] = k
	}
	for i := range c.Len() {
		for _, s := range c.Successors(i) {
			if pos[i] >= pos[s] {
				t.Fatalf("edge %q -> %q: %q placed at %d, %q at %d", c.IDs[i], c.IDs[s], c.IDs[i], pos[i], c.IDs[s], pos[s])
			}
		}
	}
}

func TestAddNodeDuplicate(t *testing.T) {
	g := New(0)
	for want, id := range []string{"a", "b"} {
		if got, err := g.AddNode(id); err != nil || got != want {
			t.Fatalf("AddNode(%q) = %d, %v; want %d, nil", id, got, err, want)
		}
	}
	i, err := g.AddNode("a")
	if !errors.Is(err, ErrDuplicateNode) {
		t.Fatalf("AddNode(a) again: err = %v, want ErrDuplicateNode", err)
	}
	if i != 0 {
		t.Errorf("AddNode(a) again returned %d, want the existing index 0", i)
	}
	if !strings.Contains(err.Error(), `"a"`) {
		t.Errorf("error %q does not name the id", err)
	}
	if g.Len() != 2 {
		t.Errorf("Len = %d after a duplicate, want 2", g.Len())
	}
}

func TestAddEdgeUnknown(t *testing.T) {
	tests := []struct {
		name, from, to, unknown string
	}{
		{"unknown from", "x", "a", "x"},
		{"unknown to", "a", "y", "y"},
		{"both unknown", "x", "y", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New(1)
			g.AddNode("a")
			err := g.AddEdge(tt.from, tt.to)
			if !errors.Is(err, ErrUnknownNode) {
				t.Fatalf("AddEdge(%q, %q) = %v, want ErrUnknownNode", tt.from, tt.to, err)
			}
			if !strings.Contains(err.Error(), strconv.Quote(tt.unknown)) {
				t.Errorf("error %q does not name %q", err, tt.unknown)
			}
			c, err := g.Compile()
			if err != nil {
				t.Fatal(err)
			}
			if c.NumEdges() != 0 {
				t.Errorf("failed AddEdge left %d edges", c.NumEdges())
			}
		})
	}
}

func TestAddEdgeIndexOutOfRange(t *testing.T) {
	for _, e := range [][2]int{{-1, 0}, {0, 2}, {2, 0}} {
		t.Run(strconv.Itoa(e[0])+"->"+strconv.Itoa(e[1]), func(t *testing.T) {
			g := New(2)
			g.AddNode("a")
			g.AddNode("b")
			defer func() {
				if recover() == nil {
					t.Errorf("AddEdgeIndex(%d, %d) did not panic", e[0], e[1])
				}
			}()
			g.AddEdgeIndex(e[0], e[1])
		})
	}
}

func TestCycles(t *testing.T) {
	tests := []struct {
		name    string
		ids     []string
		edges   []edge
		cycles  [][]string
		members [][]string
		text    string
	}{
		{
			name:    "self loop",
			ids:     []string{"a", "b"},
			edges:   []edge{{"a", "b"}, {"b", "b"}},
			cycles:  [][]string{{"b", "b"}},
			members: [][]string{{"b"}},
			text:    "dependency cycle: b -> b",
		},
		{
			name:    "two node cycle",
			ids:     []string{"a", "b"},
			edges:   []edge{{"a", "b"}, {"b", "a"}, {"b", "a"}},
			cycles:  [][]string{{"a", "b", "a"}},
			members: [][]string{{"a", "b"}},
			text:    "dependency cycle: a -> b -> a",
		},
		{
			name: "two separate cycles",
			ids:  []string{"x", "c", "a", "d", "b", "e"},
			// c -> d -> e -> c and a -> b -> a; c was added before a.
			edges:   []edge{{"a", "b"}, {"b", "a"}, {"c", "d"}, {"d", "e"}, {"e", "c"}, {"x", "a"}, {"x", "c"}},
			cycles:  [][]string{{"c", "d", "e", "c"}, {"a", "b", "a"}},
			members: [][]string{{"c", "d", "e"}, {"a", "b"}},
			text:    "dependency cycle: c -> d -> e -> c; a -> b -> a",
		},
		{
			name: "cycle inside a larger graph",
			ids:  []string{"root", "fetch", "sink", "a", "b", "c", "side"},
			edges: []edge{
				{"root", "fetch"}, {"fetch", "a"}, {"a", "b"}, {"b", "c"}, {"c", "a"},
				{"c", "sink"}, {"root", "side"}, {"side", "sink"},
			},
			cycles:  [][]string{{"a", "b", "c", "a"}},
			members: [][]string{{"a", "b", "c"}},
			text:    "dependency cycle: a -> b -> c -> a",
		},
		{
			name: "cycle starts at the earliest member",
			ids:  []string{"c", "b", "a"},
			// a -> b -> c -> a, but c was added first.
			edges:   []edge{{"a", "b"}, {"b", "c"}, {"c", "a"}},
			cycles:  [][]string{{"c", "a", "b", "c"}},
			members: [][]string{{"c", "b", "a"}},
			text:    "dependency cycle: c -> a -> b -> c",
		},
		{
			name: "through all members though a shorter cycle exists",
			ids:  []string{"a", "b", "c", "d"},
			// a -> c -> d -> a is shortest; a -> b -> c -> d -> a visits all.
			edges:   []edge{{"a", "b"}, {"b", "c"}, {"c", "d"}, {"d", "a"}, {"a", "c"}},
			cycles:  [][]string{{"a", "b", "c", "d", "a"}},
			members: [][]string{{"a", "b", "c", "d"}},
			text:    "dependency cycle: a -> b -> c -> d -> a",
		},
		{
			name: "no cycle through all members",
			ids:  []string{"a", "b", "c"},
			// b and c only meet through a.
			edges:   []edge{{"a", "b"}, {"b", "a"}, {"a", "c"}, {"c", "a"}},
			cycles:  [][]string{{"a", "b", "a"}},
			members: [][]string{{"a", "b", "c"}},
			text:    "dependency cycle: a -> b -> a (cycle members: a, b, c)",
		},
		{
			name: "longest cycle found when none covers all",
			ids:  []string{"a", "b", "c", "d", "e"},
			// a -> b -> a and a -> c -> d -> e -> a share only a.
			edges: []edge{
				{"a", "b"}, {"b", "a"},
				{"a", "c"}, {"c", "d"}, {"d", "e"}, {"e", "a"},
			},
			cycles:  [][]string{{"a", "c", "d", "e", "a"}},
			members: [][]string{{"a", "b", "c", "d", "e"}},
			text:    "dependency cycle: a -> c -> d -> e -> a (cycle members: a, b, c, d, e)",
		},
		{
			name: "self loop and a cycle, downstream nodes not reported",
			ids:  []string{"a", "b", "c", "d", "e"},
			edges: []edge{
				{"a", "a"}, {"a", "b"}, {"b", "c"}, {"c", "d"}, {"d", "c"}, {"d", "e"},
			},
			cycles:  [][]string{{"a", "a"}, {"c", "d", "c"}},
			members: [][]string{{"a"}, {"c", "d"}},
			text:    "dependency cycle: a -> a; c -> d -> c",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := build(t, tt.ids, tt.edges)
			if c != nil {
				t.Errorf("Compile returned a graph with its error")
			}
			if !errors.Is(err, ErrCycle) {
				t.Fatalf("Compile error = %v, want ErrCycle", err)
			}
			var ce *CycleError
			if !errors.As(err, &ce) {
				t.Fatalf("Compile error %T is not a *CycleError", err)
			}
			if diff := cmp.Diff(tt.cycles, ce.Cycles); diff != "" {
				t.Errorf("Cycles (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.members, ce.Members()); diff != "" {
				t.Errorf("Members (-want +got):\n%s", diff)
			}
			if got := err.Error(); got != tt.text {
				t.Errorf("Error() = %q, want %q", got, tt.text)
			}

			// The report depends on the graph, not on the order edges came in.
			for seed := range uint64(5) {
				edges := append([]edge(nil), tt.edges...)
				rand.New(rand.NewPCG(seed, 1)).Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
				_, err2 := build(t, tt.ids, edges)
				if err2 == nil || err2.Error() != err.Error() {
					t.Errorf("edges in another order: %v, want %v", err2, err)
				}
			}
		})
	}
}

func TestCycleErrorByHand(t *testing.T) {
	e := &CycleError{Cycles: [][]string{{"a", "b", "a"}}}
	if diff := cmp.Diff([][]string{{"a", "b"}}, e.Members()); diff != "" {
		t.Errorf("Members (-want +got):\n%s", diff)
	}
	if got, want := e.Error(), "dependency cycle: a -> b -> a"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// A long cycle must neither exhaust the stack (the searches are iterative)
// nor take quadratic time.
func TestLongCycle(t *testing.T) {
	const n = 100_000
	g := New(n + 1)
	g.AddNode("entry")
	for i := range n {
		g.AddNode("n" + strconv.Itoa(i))
	}
	g.AddEdgeIndex(0, 1)
	for i := 1; i < n; i++ {
		g.AddEdgeIndex(i, i+1)
	}
	g.AddEdgeIndex(n, 1)
	_, err := g.Compile()
	var ce *CycleError
	if !errors.As(err, &ce) {
		t.Fatalf("Compile = %v, want a *CycleError", err)
	}
	if len(ce.Cycles) != 1 || len(ce.Cycles[0]) != n+1 {
		t.Fatalf("got %d cycles, first of length %d; want 1 of %d", len(ce.Cycles), len(ce.Cycles[0]), n+1)
	}
	cyc := ce.Cycles[0]
	if cyc[0] != "n0" || cyc[1] != "n1" || cyc[n-1] != "n"+strconv.Itoa(n-1) || cyc[n] != "n0" {
		t.Errorf("cycle = [%s %s ... %s %s]", cyc[0], cyc[1], cyc[n-1], cyc[n])
	}
}

func TestLongChain(t *testing.T) {
	const n = 100_000
	g := New(n)
	for i := range n {
		g.AddNode(strconv.Itoa(i))
	}
	// Edges from higher to lower indexes, so Compile has to use the ready
	// queue.
	g.GrowEdges(n - 1)
	for i := n - 1; i > 0; i-- {
		g.AddEdgeIndex(i, i-1)
	}
	c, err := g.Compile()
	if err != nil {
		t.Fatal(err)
	}
	checkTopological(t, c, c.Order())
	if got := len(c.Levels()); got != n {
		t.Errorf("%d levels, want %d", got, n)
	}
	if path, total := c.CriticalPath(nil); len(path) != n || total != n {
		t.Errorf("critical path of %d nodes, total %v; want %d", len(path), total, n)
	}
}

func TestOrder(t *testing.T) {
	tests := []struct {
		name  string
		ids   []string
		edges []edge
		want  []string
	}{
		{name: "empty", want: nil},
		{name: "no edges keeps insertion order", ids: []string{"c", "a", "b"}, want: []string{"c", "a", "b"}},
		{
			name:  "insertion order kept when it respects the edges",
			ids:   []string{"a", "b", "c", "d"},
			edges: []edge{{"a", "b"}, {"c", "d"}},
			want:  []string{"a", "b", "c", "d"},
		},
		{
			name:  "chain added backwards",
			ids:   []string{"c", "b", "a"},
			edges: []edge{{"a", "b"}, {"b", "c"}},
			want:  []string{"a", "b", "c"},
		},
		{
			name:  "lowest ready index first",
			ids:   []string{"z", "y", "x"},
			edges: []edge{{"x", "z"}},
			want:  []string{"y", "x", "z"},
		},
		{
			name:  "a node comes as soon as it is ready",
			ids:   []string{"late", "a", "b", "c"},
			edges: []edge{{"c", "late"}, {"a", "b"}},
			want:  []string{"a", "b", "c", "late"},
		},
		{
			name:  "diamond",
			ids:   []string{"d", "c", "b", "a"},
			edges: []edge{{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}, {"a", "d"}, {"a", "b"}},
			want:  []string{"a", "c", "b", "d"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustBuild(t, tt.ids, tt.edges)
			checkTopological(t, c, c.Order())
			if diff := cmp.Diff(tt.want, names(c, c.Order())); diff != "" {
				t.Errorf("Order (-want +got):\n%s", diff)
			}
			for seed := range uint64(5) {
				edges := append([]edge(nil), tt.edges...)
				rand.New(rand.NewPCG(seed, 2)).Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
				c2 := mustBuild(t, tt.ids, edges)
				if diff := cmp.Diff(c.Order(), c2.Order()); diff != "" {
					t.Errorf("edges in another order changed the order (-first +again):\n%s", diff)
				}
			}
		})
	}
}

func TestAdjacency(t *testing.T) {
	c := mustBuild(t, []string{"a", "b", "c", "d"},
		[]edge{{"a", "d"}, {"a", "b"}, {"c", "d"}, {"a", "d"}, {"a", "c"}, {"b", "d"}})
	type adj struct{ Succ, Pred [][]string }
	var got adj
	for i := range c.Len() {
		got.Succ = append(got.Succ, names(c, c.Successors(i)))
		got.Pred = append(got.Pred, names(c, c.Predecessors(i)))
	}
	want := adj{
		Succ: [][]string{{"b", "c", "d"}, {"d"}, {"d"}, nil},
		Pred: [][]string{nil, {"a"}, {"a"}, {"a", "b", "c"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("adjacency (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int32{0, 1, 1, 3}, c.Indegree); diff != "" {
		t.Errorf("Indegree (-want +got):\n%s", diff)
	}
	if c.NumEdges() != 5 {
		t.Errorf("NumEdges = %d, want 5 (duplicates merged)", c.NumEdges())
	}
	if i, ok := c.Index("c"); !ok || i != 2 {
		t.Errorf("Index(c) = %d, %v", i, ok)
	}
	if _, ok := c.Index("zz"); ok {
		t.Errorf("Index(zz) found")
	}
	// Appending to a returned slice must not write into the next list.
	s := c.Successors(1)
	_ = append(s, 99)
	if diff := cmp.Diff([]string{"d"}, names(c, c.Successors(2))); diff != "" {
		t.Errorf("append to Successors(1) changed Successors(2):\n%s", diff)
	}
}

func TestBuilderAfterCompile(t *testing.T) {
	g := New(0)
	g.AddNode("a")
	g.AddNode("b")
	g.AddEdge("a", "b")
	c, err := g.Compile()
	if err != nil {
		t.Fatal(err)
	}
	g.AddNode("c")
	g.AddEdge("b", "c")
	g.AddEdge("b", "a")
	if _, err := g.Compile(); !errors.Is(err, ErrCycle) {
		t.Errorf("second Compile = %v, want a cycle", err)
	}
	if _, ok := c.Index("c"); ok || c.Len() != 2 || c.NumEdges() != 1 {
		t.Errorf("first Compiled changed: Len %d, NumEdges %d, Index(c) found %v", c.Len(), c.NumEdges(), ok)
	}
}

func TestLevels(t *testing.T) {
	tests := []struct {
		name  string
		ids   []string
		edges []edge
		want  [][]string
	}{
		{name: "empty"},
		{
			name:  "diamond",
			ids:   []string{"a", "b", "c", "d"},
			edges: []edge{{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}},
			want:  [][]string{{"a"}, {"b", "c"}, {"d"}},
		},
		{
			name: "longest path decides",
			ids:  []string{"a", "b", "c", "x"},
			// a -> c directly and through b: c is level 2; x is a root.
			edges: []edge{{"a", "b"}, {"b", "c"}, {"a", "c"}},
			want:  [][]string{{"a", "x"}, {"b"}, {"c"}},
		},
		{
			name: "layered",
			ids:  []string{"l2a", "l1a", "l0a", "l1b", "l0b", "l2b"},
			edges: []edge{
				{"l0a", "l1a"}, {"l0b", "l1a"}, {"l0b", "l1b"},
				{"l1a", "l2a"}, {"l1b", "l2a"}, {"l1b", "l2b"},
			},
			want: [][]string{{"l0a", "l0b"}, {"l1a", "l1b"}, {"l2a", "l2b"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustBuild(t, tt.ids, tt.edges)
			if diff := cmp.Diff(tt.want, levelNames(c)); diff != "" {
				t.Errorf("Levels (-want +got):\n%s", diff)
			}
			for l, nodes := range c.Levels() {
				for _, v := range nodes {
					if got := c.Level(int(v)); got != l {
						t.Errorf("Level(%q) = %d, want %d", c.IDs[v], got, l)
					}
				}
			}
		})
	}
}

func TestCriticalPath(t *testing.T) {
	diamond := []edge{{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}}
	layered := []edge{
		{"l0a", "l1a"}, {"l0b", "l1a"}, {"l0b", "l1b"},
		{"l1a", "l2a"}, {"l1b", "l2a"}, {"l1b", "l2b"},
	}
	layeredIDs := []string{"l0a", "l0b", "l1a", "l1b", "l2a", "l2b"}
	tests := []struct {
		name    string
		ids     []string
		edges   []edge
		weights map[string]float64 // nil: CriticalPath(nil)
		want    []string
		total   float64
	}{
		{name: "empty", total: 0},
		{name: "single", ids: []string{"a"}, want: []string{"a"}, total: 1},
		{
			name: "diamond heavy left", ids: []string{"a", "b", "c", "d"}, edges: diamond,
			weights: map[string]float64{"a": 1, "b": 5, "c": 2, "d": 1},
			want:    []string{"a", "b", "d"}, total: 7,
		},
		{
			name: "diamond heavy right", ids: []string{"a", "b", "c", "d"}, edges: diamond,
			weights: map[string]float64{"a": 1, "b": 2, "c": 5, "d": 1},
			want:    []string{"a", "c", "d"}, total: 7,
		},
		{
			name: "diamond tie goes to lower index", ids: []string{"a", "b", "c", "d"}, edges: diamond,
			weights: map[string]float64{"a": 1, "b": 3, "c": 3, "d": 1},
			want:    []string{"a", "b", "d"}, total: 5,
		},
		{
			name: "heavy single node beats a long chain", ids: []string{"a", "b", "c", "big"},
			edges:   []edge{{"a", "b"}, {"b", "c"}},
			weights: map[string]float64{"a": 1, "b": 1, "c": 1, "big": 10},
			want:    []string{"big"}, total: 10,
		},
		{
			name: "layered unit weights", ids: layeredIDs, edges: layered,
			want: []string{"l0a", "l1a", "l2a"}, total: 3,
		},
		{
			name: "layered weighted", ids: layeredIDs, edges: layered,
			weights: map[string]float64{"l0a": 1, "l0b": 2, "l1a": 1, "l1b": 1, "l2a": 1, "l2b": 4},
			want:    []string{"l0b", "l1b", "l2b"}, total: 7,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustBuild(t, tt.ids, tt.edges)
			var weight func(int) float64
			if tt.weights != nil {
				weight = func(i int) float64 { return tt.weights[c.IDs[i]] }
			}
			path, total := c.CriticalPath(weight)
			if diff := cmp.Diff(tt.want, names(c, path)); diff != "" {
				t.Errorf("path (-want +got):\n%s", diff)
			}
			if total != tt.total {
				t.Errorf("total = %v, want %v", total, tt.total)
			}
		})
	}
}

// pipeline: fetch -> classify -> store -> report, fetch -> audit, and an
// unrelated lint -> docs.
var (
	pipelineIDs   = []string{"fetch", "lint", "classify", "audit", "docs", "store", "report"}
	pipelineEdges = []edge{
		{"fetch", "classify"}, {"classify", "store"}, {"store", "report"},
		{"fetch", "audit"}, {"lint", "docs"}, {"audit", "report"},
	}
)

func TestAncestorsDescendants(t *testing.T) {
	c := mustBuild(t, pipelineIDs, pipelineEdges)
	idx := func(id string) int {
		i, ok := c.Index(id)
		if !ok {
			t.Fatalf("no node %q", id)
		}
		return i
	}
	marked := func(m []bool) []string {
		var out []string
		for i, ok := range m {
			if ok {
				out = append(out, c.IDs[i])
			}
		}
		return out
	}
	tests := []struct {
		name  string
		got   []bool
		wants []string
	}{
		{"ancestors of store", c.Ancestors(idx("store")), []string{"fetch", "classify", "store"}},
		{"ancestors of report", c.Ancestors(idx("report")), []string{"fetch", "classify", "audit", "store", "report"}},
		{"ancestors of two targets", c.Ancestors(idx("audit"), idx("docs")), []string{"fetch", "lint", "audit", "docs"}},
		{"ancestors of a root", c.Ancestors(idx("lint")), []string{"lint"}},
		{"ancestors of none", c.Ancestors(), nil},
		{"descendants of classify", c.Descendants(idx("classify")), []string{"classify", "store", "report"}},
		{"descendants of fetch", c.Descendants(idx("fetch")), []string{"fetch", "classify", "audit", "store", "report"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.wants, marked(tt.got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestSubgraph(t *testing.T) {
	c := mustBuild(t, pipelineIDs, pipelineEdges)
	keep := func(ids ...string) []bool {
		k := make([]bool, c.Len())
		for _, id := range ids {
			i, _ := c.Index(id)
			k[i] = true
		}
		return k
	}
	report, _ := c.Index("report")
	type view struct {
		IDs      []string
		Edges    []edge
		Order    []string
		Levels   [][]string
		Indegree []int32
	}
	tests := []struct {
		name string
		keep []bool
		want view
	}{
		{
			name: "target report",
			keep: c.Ancestors(report),
			want: view{
				IDs:      []string{"fetch", "classify", "audit", "store", "report"},
				Edges:    []edge{{"fetch", "classify"}, {"fetch", "audit"}, {"classify", "store"}, {"audit", "report"}, {"store", "report"}},
				Order:    []string{"fetch", "classify", "audit", "store", "report"},
				Levels:   [][]string{{"fetch"}, {"classify", "audit"}, {"store"}, {"report"}},
				Indegree: []int32{0, 1, 1, 1, 2},
			},
		},
		{
			name: "dropping a node makes new roots",
			keep: keep("lint", "classify", "audit", "docs", "store", "report"),
			want: view{
				IDs:      []string{"lint", "classify", "audit", "docs", "store", "report"},
				Edges:    []edge{{"lint", "docs"}, {"classify", "store"}, {"audit", "report"}, {"store", "report"}},
				Order:    []string{"lint", "classify", "audit", "docs", "store", "report"},
				Levels:   [][]string{{"lint", "classify", "audit"}, {"docs", "store"}, {"report"}},
				Indegree: []int32{0, 0, 0, 1, 1, 2},
			},
		},
		{
			name: "nothing",
			keep: keep(),
			want: view{IDs: []string{}, Indegree: []int32{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := c.Subgraph(tt.keep)
			got := view{IDs: s.IDs, Edges: edgeList(s), Order: names(s, s.Order()), Levels: levelNames(s), Indegree: s.Indegree}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for i, id := range s.IDs {
				if j, ok := s.Index(id); !ok || j != i {
					t.Errorf("Index(%q) = %d, %v; want %d", id, j, ok, i)
				}
			}
			if _, ok := s.Index("lint"); ok != tt.keep[1] {
				t.Errorf("Index(lint) found = %v, kept = %v", ok, tt.keep[1])
			}
		})
	}
}

// The subgraph computes its own stable order; filtering the parent's order
// would not give it.
func TestSubgraphOrder(t *testing.T) {
	c := mustBuild(t, []string{"z", "y", "x", "w"}, []edge{{"x", "z"}, {"w", "y"}})
	if diff := cmp.Diff([]string{"x", "z", "w", "y"}, names(c, c.Order())); diff != "" {
		t.Fatalf("Order (-want +got):\n%s", diff)
	}
	s := c.Subgraph([]bool{true, true, true, false})
	if diff := cmp.Diff([]string{"y", "x", "z"}, names(s, s.Order())); diff != "" {
		t.Errorf("subgraph Order (-want +got):\n%s", diff)
	}
}

// A Compiled graph is read by many goroutines while its builder goes on;
// run with -race.
func TestConcurrentReadersWhileBuilding(t *testing.T) {
	g := New(100)
	for i := range 50 {
		g.AddNode("n" + strconv.Itoa(i))
	}
	for i := 1; i < 50; i++ {
		g.AddEdgeIndex(i-1, i)
	}
	c, err := g.Compile()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	for range 2 {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 100 {
				for i, id := range c.IDs {
					if j, ok := c.Index(id); !ok || j != i {
						t.Errorf("Index(%q) = %d, %v", id, j, ok)
						return
					}
					_ = c.Successors(i)
				}
				_, _ = c.CriticalPath(nil)
			}
		}()
	}
	for i := 50; i < 100; i++ {
		g.AddNode("n" + strconv.Itoa(i))
		g.AddEdgeIndex(i-1, i)
	}
	<-done
	<-done
	if c.Len() != 50 {
		t.Errorf("Len = %d, want 50", c.Len())
	}
}
