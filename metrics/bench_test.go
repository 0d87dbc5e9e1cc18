package metrics_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
)

// BenchmarkCollectorPipe measures the events of one successful pipe run.
func BenchmarkCollectorPipe(b *testing.B) {
	c := metrics.New("bench", metrics.Options{})
	if err := c.Register(prometheus.NewRegistry()); err != nil {
		b.Fatal(err)
	}
	pipes := make([]string, 1000)
	for i := range pipes {
		pipes[i] = fmt.Sprint("p", i)
	}
	c.Init(pipes)
	now := time.Now()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p := pipes[i%len(pipes)]
		i++
		c.Event(executor.Event{Type: executor.EventPipeReady, Node: p, Pipe: p, Time: now})
		c.Event(executor.Event{Type: executor.EventAttemptStarted, Node: p, Pipe: p, Time: now, Attempt: 1})
		c.Event(executor.Event{Type: executor.EventAttemptFinished, Node: p, Pipe: p, Time: now, Attempt: 1, Duration: time.Millisecond})
		c.Event(executor.Event{Type: executor.EventPipeFinished, Node: p, Pipe: p, Time: now, Attempt: 1, Status: executor.StatusSucceeded, Duration: time.Millisecond})
	}
}
