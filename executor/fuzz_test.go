package executor

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/pipes"
)

// FuzzRun builds a random DAG with random triggers, transient and permanent
// failures, pools and limits, runs it, and checks the invariants: the run ends;
// no node starts before its dependencies ended; the limits hold; attempts never
// exceed retries+1; every status agrees with the trigger rule over the upstreams.
func FuzzRun(f *testing.F) {
	f.Add([]byte{5, 1, 0, 3, 7, 9, 2, 4, 8, 1, 0, 6}, uint8(2))
	f.Add([]byte{20, 255, 128, 64, 32, 16, 8, 4, 2, 1, 0, 3, 5, 7, 11, 13}, uint8(1))
	f.Add([]byte{40, 1, 2, 3}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, par uint8) {
		if len(data) == 0 {
			return
		}
		next := func(k int) byte { return data[k%len(data)] }
		n := 1 + int(data[0])%40
		var seq, running, peak, poolRunning, poolPeak atomic.Int64
		start := make([]int64, n)
		end := make([]int64, n)
		nodes := make([]Node, n)
		k := 1
		for i := range n {
			b := next(k)
			k++
			failures := int(b % 4) // attempts that fail before success
			retries := int(b/4) % 3
			permanent := b%11 == 0
			inPool := b%3 == 0
			i := i
			var calls atomic.Int64
			nodes[i] = Node{
				ID:      fmt.Sprint("n", i),
				Trigger: Trigger(int(b/16) % 6),
				Retry:   RetryPolicy{Retries: retries},
				Task: func(ctx context.Context, _ Input) (cty.Value, error) {
					r := running.Add(1)
					for p := peak.Load(); r > p && !peak.CompareAndSwap(p, r); p = peak.Load() {
					}
					if inPool {
						r := poolRunning.Add(1)
						for p := poolPeak.Load(); r > p && !poolPeak.CompareAndSwap(p, r); p = poolPeak.Load() {
						}
						defer poolRunning.Add(-1)
					}
					defer running.Add(-1)
					if start[i] == 0 {
						start[i] = seq.Add(1)
					}
					defer func() { end[i] = seq.Add(1) }()
					c := calls.Add(1)
					if permanent {
						return cty.NilVal, pipes.Permanent(errBoom)
					}
					if int(c) <= failures {
						return cty.NilVal, errBoom
					}
					return cty.NilVal, nil
				},
			}
			if inPool {
				nodes[i].Pool = "p"
			}
			for j := range i {
				if next(k)%5 == 0 {
					nodes[i].Deps = append(nodes[i].Deps, nodes[j].ID)
				}
				k++
			}
		}
		limit := int(par % 5)
		rep := mustRun(t, t.Context(), nodes, Options{Parallelism: limit, Pools: map[string]int{"p": 1}, Clock: newFakeClock(true)})
		if limit > 0 && peak.Load() > int64(limit) {
			t.Fatalf("peak %d > limit %d", peak.Load(), limit)
		}
		if poolPeak.Load() > 1 {
			t.Fatalf("pool peak %d > 1", poolPeak.Load())
		}
		for i, nd := range nodes {
			r, _ := rep.Result(nd.ID)
			if !r.Status.Done() {
				t.Fatalf("%s not done", nd.ID)
			}
			if r.Attempts > nd.Retry.Retries+1 {
				t.Fatalf("%s: %d attempts > %d", nd.ID, r.Attempts, nd.Retry.Retries+1)
			}
			var ok, failed, skipped int
			for _, d := range nd.Deps {
				dr, _ := rep.Result(d)
				var j int
				fmt.Sscanf(d, "n%d", &j)
				if start[i] != 0 && end[j] >= start[i] {
					t.Fatalf("%s started before %s ended", nd.ID, d)
				}
				switch dr.Status {
				case StatusSucceeded:
					ok++
				case StatusFailed:
					failed++
				case StatusSkipped:
					skipped++
				}
			}
			ran := r.Attempts > 0
			should := len(nd.Deps) == 0
			if !should {
				switch nd.Trigger {
				case AllSuccess:
					should = ok == len(nd.Deps)
				case AllDone:
					should = true
				case NoneFailed:
					should = failed == 0
				case OneFailed:
					should = failed > 0
				case OneSuccess:
					should = ok > 0
				case AllFailed:
					should = failed == len(nd.Deps)
				}
			}
			if ran != should {
				t.Fatalf("%s (trigger %v, deps ok=%d failed=%d skipped=%d): ran=%v, want %v (%v %s)",
					nd.ID, nd.Trigger, ok, failed, skipped, ran, should, r.Status, r.Reason)
			}
		}
	})
}
