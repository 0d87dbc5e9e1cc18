package dag

import (
	"errors"
	"slices"
	"strconv"
	"testing"
)

// FuzzCompile: any graph compiles to a valid order or to a cycle error whose
// cycles are real, and nothing panics. The first byte sets the node count, each
// following pair of bytes is an edge.
func FuzzCompile(f *testing.F) {
	f.Add([]byte{3, 0, 1, 1, 2})
	f.Add([]byte{3, 0, 1, 1, 2, 2, 0})
	f.Add([]byte{4, 0, 0, 1, 2, 2, 1, 3, 3})
	f.Add([]byte{5, 0, 1, 1, 0, 0, 2, 2, 0, 3, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		n := int(data[0])%64 + 1
		g := New(n)
		for i := range n {
			g.AddNode(strconv.Itoa(i))
		}
		type pair struct{ from, to int }
		var edges []pair
		for k := 1; k+1 < len(data); k += 2 {
			e := pair{int(data[k]) % n, int(data[k+1]) % n}
			edges = append(edges, e)
			g.AddEdgeIndex(e.from, e.to)
		}
		c, err := g.Compile()
		if err == nil {
			checkTopological(t, c, c.Order())
			return
		}
		var ce *CycleError
		if !errors.As(err, &ce) {
			t.Fatalf("Compile = %v", err)
		}
		for k, cyc := range ce.Cycles {
			members := ce.Members()[k]
			if cyc[0] != members[0] || cyc[len(cyc)-1] != cyc[0] {
				t.Fatalf("cycle %v, members %v", cyc, members)
			}
			for i := 0; i+1 < len(cyc); i++ {
				a, _ := strconv.Atoi(cyc[i])
				b, _ := strconv.Atoi(cyc[i+1])
				if !slices.Contains(edges, pair{a, b}) {
					t.Fatalf("cycle %v: no edge %d -> %d", cyc, a, b)
				}
			}
		}
	})
}
