package temporal

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.temporal.io/sdk/activity"
)

// Which attempts run as local activities: those of pipes with a timeout of
// at most MaxLocalTimeout, while fewer than maxLocalInFlight attempts of the
// run are in flight; the others, and every attempt of a pipe without a
// timeout or with a longer one, are regular activities. Retries stay the
// workflow's: each attempt is an activity of its own.
func TestLocalAttemptRules(t *testing.T) {
	var src strings.Builder
	src.WriteString(`
pipe "short" {
  use         = "try"
  timeout     = "30s"
  fail_until  = 2
  retries     = 1
  retry_delay = "1s"
}
pipe "long" {
  use     = "try"
  timeout = "31s"
}
pipe "none" {
  use = "try"
}
pipe "after" {
  use        = "try"
  timeout    = "1s"
  depends_on = [pipe.short, pipe.long, pipe.none]
}
`)
	const wide = 12
	for i := range wide {
		fmt.Fprintf(&src, "pipe \"w%d\" {\n  use = \"try\"\n  timeout = \"5s\"\n}\n", i)
	}
	types := testTypes(t)
	s, p := sourceOf(t, src.String(), types)
	acts := &activities{types: types, log: slog.New(slog.DiscardHandler)}
	var mu sync.Mutex
	local := map[string]bool{} // by task#attempt
	out, events := runInTestEnvWith(t, types, s, RunOptions{Parallelism: 100}, func(ctx context.Context, task PipeTask) (*PipeOutput, error) {
		mu.Lock()
		local[fmt.Sprintf("%s#%d", task.Task, task.Attempt)] = activity.GetInfo(ctx).IsLocalActivity
		mu.Unlock()
		return acts.runPipe(ctx, task)
	})
	res := resultOf(t, p, out, events, nil)
	for _, r := range res.Pipes {
		want := 1
		if r.ID == "short" {
			want = 2
		}
		if r.Status.String() != "succeeded" || r.Attempts != want {
			t.Errorf("pipe %s: %s after %d attempt(s), want succeeded after %d", r.ID, r.Status, r.Attempts, want)
		}
	}
	// Retried after a back-off, with nothing else in flight: local.
	for task, want := range map[string]bool{"short#2": true, "long#1": false, "none#1": false, "after#1": true} {
		if got, ok := local[task]; !ok || got != want {
			t.Errorf("%s ran as a local activity: %v (ran: %v), want %v", task, got, ok, want)
		}
	}
	// The first attempts all start at once: at most maxLocalInFlight of
	// them are local, the rest of the short ones regular.
	n, wideLocal := 0, 0
	for task, l := range local {
		if strings.HasSuffix(task, "#1") && task != "after#1" && l {
			n++
			if strings.HasPrefix(task, "w") {
				wideLocal++
			}
		}
	}
	if n == 0 || n > maxLocalInFlight || wideLocal == wide {
		t.Errorf("%d first attempts local (%d of the %d wide pipes), want 1 to %d and not every wide one:\n%s", n, wideLocal, wide, maxLocalInFlight, cmp.Diff(map[string]bool{}, local))
	}
}
