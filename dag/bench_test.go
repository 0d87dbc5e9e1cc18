package dag

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// shape is a benchmark graph: n nodes and edges by index.
type shape struct {
	name     string
	n        int
	from, to []int32
}

func (s *shape) edge(from, to int) {
	s.from = append(s.from, int32(from))
	s.to = append(s.to, int32(to))
}

func benchShapes() []*shape {
	var shapes []*shape
	add := func(name string, n int, edges func(s *shape)) {
		s := &shape{name: name, n: n}
		edges(s)
		shapes = append(shapes, s)
	}
	add("chain-100k", 100_000, func(s *shape) {
		for i := 1; i < s.n; i++ {
			s.edge(i-1, i)
		}
	})
	// Edges against insertion order: Compile must walk the ready heap.
	add("chain-100k-reversed", 100_000, func(s *shape) {
		for i := 1; i < s.n; i++ {
			s.edge(i, i-1)
		}
	})
	add("wide-100k-no-edges", 100_000, func(s *shape) {})
	add("wide-100k-fan-out", 100_000, func(s *shape) {
		for i := 1; i < s.n; i++ {
			s.edge(0, i)
		}
	})
	// 100 layers of 100, each node depending on all of the layer before:
	// 10k nodes, 990k edges. Added in reverse so the heap is used.
	add("layered-100x100", 100*100, func(s *shape) {
		const width = 100
		for l := 1; l < 100; l++ {
			for j := range width {
				for k := range width {
					// index = (99-layer)*width + j: later layers have lower
					// indexes.
					s.edge((100-l)*width+k, (99-l)*width+j)
				}
			}
		}
	})
	// 10 layers of 1000, each node depending on 111 nodes of the layer
	// before: 10k nodes, 999k edges, insertion order already topological.
	add("layered-10x1000", 10*1000, func(s *shape) {
		r := rand.New(rand.NewPCG(1, 2))
		const width = 1000
		for l := 1; l < 10; l++ {
			for j := range width {
				for range 111 {
					s.edge((l-1)*width+r.IntN(width), l*width+j)
				}
			}
		}
	})
	// 100k nodes, each depending on 10 random earlier ones in a hidden
	// order: 1M edges (a few duplicates), insertion order unrelated.
	add("random-100k-1M", 100_000, func(s *shape) {
		r := rand.New(rand.NewPCG(3, 4))
		perm := r.Perm(s.n)
		for i := 1; i < s.n; i++ {
			for range 10 {
				s.edge(perm[r.IntN(i)], perm[i])
			}
		}
	})
	return shapes
}

func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "pipe_" + strconv.Itoa(i)
	}
	return out
}

func (s *shape) build(ids []string) *Graph {
	g := New(s.n)
	for _, id := range ids[:s.n] {
		g.AddNode(id)
	}
	g.GrowEdges(len(s.from))
	for k := range s.from {
		g.AddEdgeIndex(int(s.from[k]), int(s.to[k]))
	}
	return g
}

func report(b *testing.B, iterations int, s *shape) {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(iterations)
	b.ReportMetric(ns/float64(s.n), "ns/node")
	if len(s.from) > 0 {
		b.ReportMetric(ns/float64(len(s.from)), "ns/edge")
	}
}

// BenchmarkBuildCompile: New, AddNode, AddEdgeIndex and Compile.
func BenchmarkBuildCompile(b *testing.B) {
	names := ids(100_000)
	for _, s := range benchShapes() {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			iterations := 0
			for b.Loop() {
				if _, err := s.build(names).Compile(); err != nil {
					b.Fatal(err)
				}
				iterations++
			}
			report(b, iterations, s)
		})
	}
}

// BenchmarkCompile: Compile alone, of a graph built once.
func BenchmarkCompile(b *testing.B) {
	names := ids(100_000)
	for _, s := range benchShapes() {
		b.Run(s.name, func(b *testing.B) {
			g := s.build(names)
			b.ReportAllocs()
			iterations := 0
			for b.Loop() {
				if _, err := g.Compile(); err != nil {
					b.Fatal(err)
				}
				iterations++
			}
			report(b, iterations, s)
		})
	}
}

// BenchmarkBuildByID is the HCL builder's path: edges by id, so two map
// lookups per edge.
func BenchmarkBuildByID(b *testing.B) {
	names := ids(100_000)
	for _, s := range benchShapes() {
		if s.name != "random-100k-1M" {
			continue
		}
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			iterations := 0
			for b.Loop() {
				g := New(s.n)
				for _, id := range names[:s.n] {
					g.AddNode(id)
				}
				for k := range s.from {
					if err := g.AddEdge(names[s.from[k]], names[s.to[k]]); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := g.Compile(); err != nil {
					b.Fatal(err)
				}
				iterations++
			}
			report(b, iterations, s)
		})
	}
}

// BenchmarkCompileCycle: the error path on a 100k-node ring.
func BenchmarkCompileCycle(b *testing.B) {
	s := &shape{name: "ring-100k", n: 100_000}
	for i := 1; i < s.n; i++ {
		s.edge(i-1, i)
	}
	s.edge(s.n-1, 0)
	g := s.build(ids(s.n))
	b.ReportAllocs()
	iterations := 0
	for b.Loop() {
		if _, err := g.Compile(); err == nil {
			b.Fatal("no cycle")
		}
		iterations++
	}
	report(b, iterations, s)
}

// BenchmarkOrderedWalk measures what the executor does per run: copy the
// in-degrees and count them down along the successor lists.
func BenchmarkOrderedWalk(b *testing.B) {
	names := ids(100_000)
	for _, s := range benchShapes() {
		if s.name != "random-100k-1M" && s.name != "layered-100x100" {
			continue
		}
		b.Run(s.name, func(b *testing.B) {
			c, err := s.build(names).Compile()
			if err != nil {
				b.Fatal(err)
			}
			pending := make([]int32, c.Len())
			b.ReportAllocs()
			iterations := 0
			for b.Loop() {
				copy(pending, c.Indegree)
				for _, v := range c.Order() {
					for _, w := range c.Successors(int(v)) {
						pending[w]--
					}
				}
				iterations++
			}
			report(b, iterations, s)
		})
	}
}
