package executor

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// FuzzHandlers runs random DAGs with random failures, fail-fast, a cancel
// from inside a pipe, a parallelism limit, and random handlers (some
// failing, with retries), and checks the handlers' rules: the run ends;
// exactly the handlers whose kind holds for the run's status run, the
// others are skipped; every handler starts after every pipe ended, with a
// live context, the exit handler after the others; what they see is the
// run's status and its failed pipes; their failures leave the status alone.
func FuzzHandlers(f *testing.F) {
	f.Add([]byte{5, 1, 0, 3, 7, 9, 2, 4, 8, 1, 0, 6}, uint8(2))
	f.Add([]byte{12, 255, 128, 64, 32, 16, 8, 4, 2, 1, 0, 3, 5, 7, 11, 13}, uint8(1))
	f.Add([]byte{9, 31, 2, 3, 44, 200, 17}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, par uint8) {
		if len(data) == 0 {
			return
		}
		next := func(k int) byte { return data[k%len(data)] }
		n := 1 + int(data[0])%15
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		cancelAt := int64(0)
		if b := next(1); b%4 == 0 {
			cancelAt = 1 + int64(b/4)%int64(n) // the start of that attempt cancels the run
		}
		var seq, starts atomic.Int64
		lastPipeEnd := atomic.Int64{}
		nodes := make([]Node, 0, n+5)
		k := 2
		for i := range n {
			b := next(k)
			k++
			fails := b%3 == 0
			nodes = append(nodes, Node{
				ID:      fmt.Sprint("n", i),
				Trigger: Trigger(int(b/16) % 7),
				Task: func(context.Context, Input) (cty.Value, error) {
					if s := starts.Add(1); s == cancelAt {
						cancel()
					}
					defer func() {
						e := seq.Add(1)
						for l := lastPipeEnd.Load(); e > l && !lastPipeEnd.CompareAndSwap(l, e); l = lastPipeEnd.Load() {
						}
					}()
					if fails {
						return cty.NilVal, errBoom
					}
					return cty.NilVal, nil
				},
			})
			for j := range i {
				if next(k)%4 == 0 {
					nodes[i].Deps = append(nodes[i].Deps, nodes[j].ID)
				}
				k++
			}
		}
		type seen struct {
			start, end int64
			view       RunView
			ctxErr     error
		}
		var mu sync.Mutex
		ran := map[HandlerKind]*seen{}
		kinds := []HandlerKind{HandlerSuccess, HandlerFailure, HandlerCancel, HandlerExit}
		for _, kind := range kinds {
			b := next(k)
			k++
			if b%3 == 0 {
				continue // no handler of this kind
			}
			failing := b%5 == 0
			nodes = append(nodes, Node{
				ID: HandlerID(kind), Handler: kind, Retry: RetryPolicy{Retries: int(b % 2)},
				Task: func(ctx context.Context, in Input) (cty.Value, error) {
					s := &seen{start: seq.Add(1), view: in.Run(), ctxErr: ctx.Err()}
					defer func() {
						s.end = seq.Add(1)
						mu.Lock()
						ran[kind] = s
						mu.Unlock()
					}()
					if failing {
						return cty.NilVal, errBoom
					}
					return cty.NilVal, nil
				},
			})
		}
		failFast := next(k)%5 == 0
		rep := mustRun(t, ctx, nodes, Options{Parallelism: int(par % 4), FailFast: failFast, Clock: newFakeClock(true)})

		var failed []string
		anyFailed := false
		for _, r := range rep.Results {
			if !r.Status.Done() {
				t.Fatalf("%s did not end", r.ID)
			}
			if !r.Handler && r.Status == StatusFailed {
				failed = append(failed, r.ID)
				anyFailed = true
			}
		}
		switch {
		case rep.Status == StatusCancelled:
			if cancelAt == 0 {
				t.Errorf("run cancelled, but nothing cancelled it")
			}
		case anyFailed != (rep.Status == StatusFailed):
			t.Errorf("run %s, but failed pipes %v", rep.Status, failed)
		}
		handlersFailed := 0
		for _, kind := range kinds {
			r, declared := rep.Result(HandlerID(kind))
			if !declared {
				continue
			}
			s := ran[kind]
			if want := HandlerRuns(kind, rep.Status, len(failed) > 0); want != (s != nil) {
				t.Errorf("%s ran %v, want %v (run %s)", kind, s != nil, want, rep.Status)
			}
			if s == nil {
				if r.Status != StatusSkipped || r.Reason != ReasonTriggerNotMet {
					t.Errorf("%s: %s %s, want skipped trigger_not_met", kind, r.Status, r.Reason)
				}
				continue
			}
			if r.Status == StatusFailed {
				handlersFailed++
			}
			if s.start < lastPipeEnd.Load() {
				t.Errorf("%s started (%d) before the last pipe ended (%d)", kind, s.start, lastPipeEnd.Load())
			}
			if s.ctxErr != nil {
				t.Errorf("%s ran with a done context: %v", kind, s.ctxErr)
			}
			if !s.view.Ended || s.view.Status != rep.Status || !slices.Equal(s.view.Failed, failed) {
				t.Errorf("%s saw %+v; the run: %s, failed %v", kind, s.view, rep.Status, failed)
			}
		}
		if x := ran[HandlerExit]; x != nil {
			for _, kind := range kinds[:3] {
				if s := ran[kind]; s != nil && x.start < s.end {
					t.Errorf("exit started (%d) before %s ended (%d)", x.start, kind, s.end)
				}
			}
		}
		if rep.HandlersFailed != handlersFailed {
			t.Errorf("HandlersFailed = %d, want %d", rep.HandlersFailed, handlersFailed)
		}
	})
}
