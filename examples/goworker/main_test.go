package main

import (
	"testing"

	"github.com/dagrun/dagrun"
)

// The pipeline does what the program's doc says, run locally: every
// region fetched (us at its second attempt), the total, the alert (the
// total is under the threshold) and the report.
func TestPipeline(t *testing.T) {
	res, err := Pipeline().Run(t.Context(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != dagrun.Succeeded {
		t.Fatalf("status %v", res.Status)
	}
	want := map[string]int{"regions": 1, "fetch[eu]": 1, "fetch[us]": 2, "fetch[ap]": 1, "total": 1, "alert": 1, "report": 1}
	for id, attempts := range want {
		if r, ok := res.Pipe(id); !ok || r.Status != dagrun.Succeeded || r.Attempts != attempts {
			t.Errorf("%s: %+v, want succeeded after %d attempt(s)", id, r, attempts)
		}
	}
	var report string
	if err := res.Decode("report", &report); err != nil || report != "total 910 (alert succeeded)" {
		t.Errorf("report %q, %v", report, err)
	}
}

// A mode is required; a bad flag exits 2.
func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"other"}, {"start", "-nope"}} {
		if code := run(t.Context(), args, nil, discard{}); code != 2 {
			t.Errorf("run(%q) = %d, want 2", args, code)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
