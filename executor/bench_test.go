package executor

import (
	"context"
	"fmt"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func noop(context.Context, Input) (cty.Value, error) { return cty.NilVal, nil }

func wideNodes(n int) []Node {
	nodes := make([]Node, n)
	for i := range nodes {
		nodes[i] = Node{ID: fmt.Sprint("n", i), Task: noop}
	}
	return nodes
}

func chainNodes(n int) []Node {
	nodes := wideNodes(n)
	for i := 1; i < n; i++ {
		nodes[i].Deps = []string{nodes[i-1].ID}
	}
	return nodes
}

// layeredNodes: levels × width nodes, each depending on every node of the level
// before (levels=100, width=100: 10k nodes, 990k edges).
func layeredNodes(levels, width int) []Node {
	nodes := make([]Node, 0, levels*width)
	for l := range levels {
		for w := range width {
			n := Node{ID: fmt.Sprintf("l%d_%d", l, w), Task: noop}
			if l > 0 {
				n.Deps = make([]string, width)
				for p := range width {
					n.Deps[p] = fmt.Sprintf("l%d_%d", l-1, p)
				}
			}
			nodes = append(nodes, n)
		}
	}
	return nodes
}

func benchRun(b *testing.B, nodes []Node, edges int, opts Options) {
	g, err := NewGraph(nodes)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep, err := Run(context.Background(), g, opts)
		if err != nil || rep.Status != StatusSucceeded {
			b.Fatalf("%v %v", err, rep.Status)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(nodes)), "ns/node")
	if edges > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(edges), "ns/edge")
	}
}

func BenchmarkRunWide100k(b *testing.B) {
	for _, p := range []int{1, 8, 0} {
		b.Run(fmt.Sprint("p", p), func(b *testing.B) { benchRun(b, wideNodes(100_000), 0, Options{Parallelism: p}) })
	}
}

func BenchmarkRunChain100k(b *testing.B) {
	benchRun(b, chainNodes(100_000), 99_999, Options{Parallelism: 8})
}

func BenchmarkRunLayered10k1M(b *testing.B) {
	benchRun(b, layeredNodes(100, 100), 99*100*100, Options{Parallelism: 8})
}

func BenchmarkNewGraphLayered10k1M(b *testing.B) {
	nodes := layeredNodes(100, 100)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewGraph(nodes); err != nil {
			b.Fatal(err)
		}
	}
}
