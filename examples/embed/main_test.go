package main

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/dagrun/dagrun"
)

// The example runs as its README says: every order charged (b-2 on its
// second attempt), the report made, the refund skipped, and the metrics
// count the attempts.
func TestEmbed(t *testing.T) {
	var out bytes.Buffer
	res, err := run(t.Context(), &out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != dagrun.Succeeded {
		t.Fatalf("status %v\n%s", res.Status, out.String())
	}
	want := map[string]struct {
		status   dagrun.Status
		attempts int
	}{
		"fetch": {dagrun.Succeeded, 1}, "charge[a-1]": {dagrun.Succeeded, 1}, "charge[b-2]": {dagrun.Succeeded, 2},
		"charge[c-3]": {dagrun.Succeeded, 1}, "report": {dagrun.Succeeded, 1}, "refund": {dagrun.Skipped, 0},
	}
	for id, w := range want {
		r, ok := res.Pipe(id)
		if !ok || r.Status != w.status || r.Attempts != w.attempts {
			t.Errorf("%s: %+v, want %v after %d attempt(s)", id, r, w.status, w.attempts)
		}
	}
	var report string
	if err := res.Decode("report", &report); err != nil || report != "a-1:20.00, b-2:35.50, c-3:12.00" {
		t.Errorf("report %q, %v", report, err)
	}
	for _, re := range []string{
		`(?m)^refund +skipped \(trigger_not_met\) +attempts=0$`,
		`(?m)^dagrun_pipe_attempts_total\{pipe="charge",pipeline="orders",result="error"\} 1$`,
		`(?m)^dagrun_pipe_attempts_total\{pipe="charge",pipeline="orders",result="ok"\} 3$`,
	} {
		if !regexp.MustCompile(re).Match(out.Bytes()) {
			t.Errorf("output has no %s:\n%s", re, out.String())
		}
	}
}
