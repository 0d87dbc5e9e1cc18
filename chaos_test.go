package dagrun_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
)

// chaosFails decides, the same way every time, whether attempt n of pipe i
// fails: about 30% of attempts do (splitmix64 of pipe and attempt).
func chaosFails(i, n int) bool {
	z := uint64(i)<<20 ^ uint64(n) + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return z%100 < 30
}

// chaosAttempts is how many attempts pipe i needs: its first attempt that does
// not fail.
func chaosAttempts(i int) int {
	n := 1
	for chaosFails(i, n) {
		n++
	}
	return n
}

// TestChaos runs 10,000 pipes, each depending on up to three earlier ones,
// where 30% of all attempts fail with a transient error. With enough retries
// (and no delay) every pipe succeeds, after exactly the number of attempts the
// failure function predicts, and never before its dependencies.
func TestChaos(t *testing.T) {
	const pipes, retries = 10_000, 40
	id := func(i int) string { return fmt.Sprintf("p%05d", i) }
	deps := func(i int) []int {
		var ds []int
		for k, step := range []int{1, 7, 97} {
			if j := i - step - (i*(k+3))%13; j >= 0 && (i+k)%4 != 0 {
				ds = append(ds, j)
			}
		}
		return ds
	}

	want := make([]int, pipes)
	failing := 0
	for i := range want {
		want[i] = chaosAttempts(i)
		if want[i] > retries+1 {
			t.Fatalf("pipe %d needs %d attempts: raise retries", i, want[i])
		}
		failing += want[i] - 1
	}
	if total := pipes + failing; failing*100/total < 25 || failing*100/total > 35 {
		t.Fatalf("%d of %d attempts fail: the failure function is not ~30%%", failing, total)
	}

	calls := make([]atomic.Int32, pipes)
	done := make([]atomic.Bool, pipes)
	var orderErrs atomic.Int32
	p := dagrun.New("chaos")
	for i := range pipes {
		var opts []dagrun.PipeOption
		var upstream []string
		for _, j := range deps(i) {
			upstream = append(upstream, id(j))
		}
		if len(upstream) > 0 {
			opts = append(opts, dagrun.DependsOn(upstream...))
		}
		opts = append(opts, dagrun.Retries(retries, 0))
		p.Add(id(i), func(ctx context.Context, in dagrun.Inputs) (any, error) {
			n := int(calls[i].Add(1))
			if n != in.Attempt() {
				return nil, fmt.Errorf("call %d is attempt %d", n, in.Attempt())
			}
			for _, j := range deps(i) {
				if !done[j].Load() {
					orderErrs.Add(1)
				}
				if v, ok := in.Output(id(j)); !ok || v.AsBigFloat().String() != fmt.Sprint(j) {
					return nil, fmt.Errorf("output of %s: %#v", id(j), v)
				}
			}
			if chaosFails(i, n) {
				return nil, errors.New("transient")
			}
			done[i].Store(true)
			return i, nil
		}, opts...)
	}

	var mu sync.Mutex
	started := map[string]int{}
	retrying := map[string]int{}
	obs := executor.ObserverFunc(func(e dagrun.Event) {
		switch e.Type {
		case executor.EventAttemptStarted:
			mu.Lock()
			started[e.Node]++
			mu.Unlock()
		case executor.EventRetrying:
			mu.Lock()
			retrying[e.Node]++
			mu.Unlock()
		}
	})
	res, err := p.Run(t.Context(), dagrun.RunOptions{Parallelism: 64, Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != dagrun.Succeeded {
		t.Errorf("run %v", res.Status)
	}
	if n := orderErrs.Load(); n > 0 {
		t.Errorf("%d attempts started before a dependency succeeded", n)
	}
	if len(res.Pipes) != pipes {
		t.Fatalf("%d results", len(res.Pipes))
	}
	bad := 0
	for i := range pipes {
		r, ok := res.Pipe(id(i))
		switch {
		case !ok:
			t.Errorf("%s: no result", id(i))
		case r.Status != dagrun.Succeeded || r.Attempts != want[i] || int(calls[i].Load()) != want[i] ||
			started[id(i)] != want[i] || retrying[id(i)] != want[i]-1:
			bad++
			if bad <= 10 {
				t.Errorf("%s: %v after %d attempts (%d calls, %d started, %d retries), want succeeded after %d: %v",
					id(i), r.Status, r.Attempts, calls[i].Load(), started[id(i)], retrying[id(i)], want[i], r.Err)
			}
		}
	}
	if bad > 10 {
		t.Errorf("... %d pipes in all", bad)
	}
}
