package metrics_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

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
