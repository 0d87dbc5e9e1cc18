package metrics_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
)

// BenchmarkCollectorPipe measures the events of one successful pipe run, as
// the executor sends them (with the node's dense index), cycling through 1k and
// 100k pipes: at 100k the per-pipe state no longer fits in the CPU caches.
func BenchmarkCollectorPipe(b *testing.B) {
	for _, n := range []int{1000, 100_000} {
		b.Run(fmt.Sprint("pipes=", n), func(b *testing.B) {
			c := metrics.New("bench", metrics.Options{})
			if err := c.Register(prometheus.NewRegistry()); err != nil {
				b.Fatal(err)
			}
			pipes := make([]string, n)
			for i := range pipes {
				pipes[i] = fmt.Sprint("p", i)
			}
			c.Init(pipes)
			now := time.Now()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				x := i % len(pipes)
				p := pipes[x]
				i++
				c.Event(executor.Event{Type: executor.EventPipeReady, Node: p, Pipe: p, Index: x, Time: now})
				c.Event(executor.Event{Type: executor.EventAttemptStarted, Node: p, Pipe: p, Index: x, Time: now, Attempt: 1})
				c.Event(executor.Event{Type: executor.EventAttemptFinished, Node: p, Pipe: p, Index: x, Time: now, Attempt: 1, Duration: time.Millisecond})
				c.Event(executor.Event{Type: executor.EventPipeFinished, Node: p, Pipe: p, Index: x, Time: now, Attempt: 1, Status: executor.StatusSucceeded, Duration: time.Millisecond})
			}
		})
	}
}

// BenchmarkSchedChainCollector is the scheduling core over a 100k chain with
// the collector as its observer, as a run with metrics attached has it (series
// initialised for every pipe), without a driver's goroutines, lock or clock:
// what the collector and the events built for it add per node, against
// executor's BenchmarkSchedChain100k.
func BenchmarkSchedChainCollector(b *testing.B) {
	const n = 100_000
	nodes := make([]executor.Node, n)
	ids := make([]string, n)
	noop := func(context.Context, executor.Input) (cty.Value, error) { return cty.NilVal, nil }
	for i := range nodes {
		ids[i] = fmt.Sprint("n", i)
		nodes[i] = executor.Node{ID: ids[i], Task: noop}
		if i > 0 {
			nodes[i].Deps = []string{ids[i-1]}
		}
	}
	g, err := executor.NewGraph(nodes)
	if err != nil {
		b.Fatal(err)
	}
	c := metrics.New("bench", metrics.Options{})
	if err := c.Register(prometheus.NewRegistry()); err != nil {
		b.Fatal(err)
	}
	c.Init(ids)
	now := time.Unix(0, 0)
	b.ReportAllocs()
	for b.Loop() {
		s, err := executor.NewSched(g, executor.Options{Parallelism: 8, Observer: c})
		if err != nil {
			b.Fatal(err)
		}
		s.Begin(now)
		var step executor.Step
		for s.Next(&step) {
			s.AttemptStarted(&step, now)
			out := s.AttemptFinished(&step, now, now, cty.NilVal, nil, false, false)
			s.Complete(&step, out, now)
		}
		if rep := s.Report(now); !s.Done() || rep.Status != executor.StatusSucceeded {
			b.Fatalf("done %v, %v", s.Done(), rep.Status)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/node")
}
