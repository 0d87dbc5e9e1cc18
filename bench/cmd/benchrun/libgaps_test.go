package main

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const sampleTop = `File: libbench
Type: cpu
Showing nodes accounting for 1.86s, 90.73% of 2.05s total
      flat  flat%   sum%        cum   cum%
     0.21s 10.24% 10.24%      0.38s 18.54%  runtime.scanObject
     0.16s  7.80% 18.05%      0.16s  7.80%  runtime.nanotime (inline)
     0.15s  7.32% 25.37%      0.32s 15.61%  github.com/dagrun/dagrun/executor.(*Sched).AttemptStarted
     0.11s  5.37% 30.73%      0.18s  8.78%  github.com/dagrun/dagrun/metrics.(*histogram).observe
     0.04s  1.95% 32.68%      0.05s  2.44%  sync/atomic.(*Int64).Add (inline)
     0.03s  1.46% 34.15%      0.03s  1.46%  internal/sync.(*Mutex).Unlock (inline)
     0.01s  0.49% 34.64%      0.06s  2.93%  gcWriteBarrier
     0.10s  4.88% 39.52%      0.10s  4.88%  runtime.asyncPreempt
         0     0% 34.64%      1.47s 71.71%  main.main
`

func TestParseTopAndShares(t *testing.T) {
	es := parseTop(sampleTop)
	if len(es) != 9 {
		t.Fatalf("parsed %d entries, want 9: %+v", len(es), es)
	}
	if got, want := es[1], (topEntry{Name: "runtime.nanotime (inline)", Value: "0.16s", Flat: 7.80, Cum: es[1].Cum}); got != want {
		t.Errorf("entry 1 = %+v, want %+v", got, want)
	}
	// metrics, executor, clock, lock, GC; asyncPreempt in none
	want := []float64{5.37 + 1.95, 7.32, 7.80, 1.46, 10.24 + 0.49}
	got := cpuShares(es)
	round := cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })
	if d := cmp.Diff(want, got, round); d != "" {
		t.Errorf("shares (-want +got):\n%s", d)
	}
}
