package executor

import (
	"context"
	"fmt"
	"testing"
	"time"

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

// BenchmarkSchedChain100k is the scheduling core alone: a driver with no
// goroutine, no lock and no clock read takes each step of a 100k chain through
// Next, AttemptStarted, AttemptFinished and Complete. What BenchmarkRunChain100k
// costs on top is the local driver's.
func BenchmarkSchedChain100k(b *testing.B) { benchSchedObservers(b, chainNodes(100_000)) }

// BenchmarkSchedWide100k is BenchmarkSchedChain100k on 100k independent
// nodes: every node is ready at the start, and the ready queue holds them all.
func BenchmarkSchedWide100k(b *testing.B) { benchSchedObservers(b, wideNodes(100_000)) }

func benchSchedObservers(b *testing.B, nodes []Node) {
	g, err := NewGraph(nodes)
	if err != nil {
		b.Fatal(err)
	}
	for _, obs := range []struct {
		name string
		o    Observer
	}{{"no-observer", nil}, {"observer", ObserverFunc(func(Event) {})}} {
		b.Run(obs.name, func(b *testing.B) { benchSched(b, g, obs.o) })
	}
}

// benchSched drives the scheduling core over g with observer o, every task
// succeeding at once, and reports the time per node: the per-node cost of
// the core and of o, without a driver's goroutines, lock or clock.
func benchSched(b *testing.B, g *Graph, o Observer) {
	now := time.Unix(0, 0)
	b.ReportAllocs()
	for b.Loop() {
		s, err := NewSched(g, Options{Parallelism: 8, Observer: o})
		if err != nil {
			b.Fatal(err)
		}
		s.Begin(now)
		var step Step
		for s.Next(&step) {
			s.AttemptStarted(&step, now)
			out := s.AttemptFinished(&step, now, now, cty.NilVal, nil, false, false)
			s.Complete(&step, out, now)
		}
		if rep := s.Report(now); !s.Done() || rep.Status != StatusSucceeded {
			b.Fatalf("done %v, %v", s.Done(), rep.Status)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(g.Len()), "ns/node")
}

// BenchmarkEventDispatch is the cost of one event through Observers to two
// observers, one of which filters it out.
func BenchmarkEventDispatch(b *testing.B) {
	var n int
	count := ObserverFunc(func(Event) { n++ })
	obs := Observers{count, filtering{&typesSeen{want: MaskOf(EventRunFinished)}}}
	e := Event{Type: EventAttemptFinished, Node: "n1", Pipe: "n1", Attempt: 1, MaxAttempts: 1}
	for b.Loop() {
		obs.Event(e)
	}
	if n != b.N {
		b.Fatalf("delivered %d of %d", n, b.N)
	}
}
