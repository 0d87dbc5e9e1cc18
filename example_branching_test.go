package dagrun_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dagrun/dagrun"
)

// TestExampleBranching runs examples/branching down each branch, and once
// with the chosen branch failing: the other branch is skipped, the join runs
// on the one that ran, the handler of the run's status runs, and the exit
// handler removes the scratch directory every time.
func TestExampleBranching(t *testing.T) {
	tests := []struct {
		name   string
		vars   map[string]string
		status dagrun.Status
		want   map[string]string // pipe → status (reason)
	}{
		{"fast", map[string]string{"route": "fast"}, dagrun.Succeeded, map[string]string{
			"input": "succeeded", "fast": "succeeded", "full": "skipped (condition_false)", "join": "succeeded",
			"handler.success": "succeeded", "handler.failure": "skipped (trigger_not_met)", "handler.exit": "succeeded",
			"handler.deadline": "skipped (trigger_not_met)",
		}},
		{"full", map[string]string{"route": "full"}, dagrun.Succeeded, map[string]string{
			"fast": "skipped (condition_false)", "full": "succeeded", "package": "succeeded", "join": "succeeded",
			"handler.success": "succeeded", "handler.failure": "skipped (trigger_not_met)", "handler.exit": "succeeded",
		}},
		{"full failing", map[string]string{"route": "full", "fail": "true"}, dagrun.Failed, map[string]string{
			"test": "failed", "package": "skipped (upstream_failed)", "join": "skipped (upstream_failed)",
			"handler.success": "skipped (trigger_not_met)", "handler.failure": "succeeded", "handler.exit": "succeeded",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			work := filepath.Join(t.TempDir(), "work")
			tt.vars["workdir"] = work
			p, err := dagrun.Load("examples/branching", dagrun.LoadOptions{Vars: tt.vars})
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.Run(t.Context(), dagrun.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tt.status {
				t.Errorf("status %v, want %v", res.Status, tt.status)
			}
			for id, want := range tt.want {
				r, ok := res.Pipe(id)
				if !ok {
					t.Errorf("no result for %s", id)
					continue
				}
				got := r.Status.String()
				if r.Reason != "" {
					got += " (" + r.Reason + ")"
				}
				if got != want {
					t.Errorf("%s: %s, want %s", id, got, want)
				}
			}
			// The sensor waited for the delivered file in one attempt.
			if r, ok := res.Pipe("input"); !ok || r.Status != dagrun.Succeeded || r.Attempts != 1 {
				t.Errorf("sensor input: %+v, want succeeded in one attempt", r)
			}
			if _, err := os.Stat(work); !os.IsNotExist(err) {
				t.Errorf("the exit handler left %s: %v", work, err)
			}
			if tt.status == dagrun.Succeeded {
				if got := exampleOutputs(res)["branch"].AsString(); got != tt.vars["route"] {
					t.Errorf("output branch = %q, want %q", got, tt.vars["route"])
				}
			}
		})
	}
}
