package main

import (
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/dagrun/dagrun/examples/ticket_routing/ticketapi"
)

// TestExampleTicketRoutingView runs the ticket example as its README says:
// the closed ticket is filtered, the fan-out's line counts what its
// instances did, the new tickets are updated; --only update sends the
// updates again, from what that run fetched and classified; a second apply
// finds no new ticket, and the run has nothing to do.
func TestExampleTicketRoutingView(t *testing.T) {
	srv := httptest.NewServer(ticketapi.Handler(t.Logf)) // 127.0.0.1
	defer srv.Close()
	path := filepath.Join("..", "..", "examples", "ticket_routing")
	args := []string{"apply", "--state-dir", t.TempDir(), "--var", "api=" + srv.URL, path}

	stdout, stderr, code := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d, want 0\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		`(?m)^\S+ classify +succeeded in \S+ \(4 succeeded, 1 filtered\)$`,
		`(?m)^\S+ classify\[T-5\] +skipped \(filtered\)$`,
		`(?m)^\S+ update +succeeded in \S+ \(4 succeeded\)$`,
		`(?m)^routed = "updated 4 ticket\(s\); routed 2 to oncall, 2 to support"$`,
	} {
		if !regexp.MustCompile(want).MatchString(stdout) {
			t.Errorf("no match for %s in:\n%s", want, stdout)
		}
	}
	if regexp.MustCompile(`update\[T-5\]`).MatchString(stdout) {
		t.Errorf("the closed ticket was updated:\n%s", stdout)
	}

	// --only update: the tickets as fetched and classified in that run,
	// the closed one filtered again; the four updates are sent again.
	only := append([]string{"apply", "--only", "update"}, args[1:]...)
	stdout, stderr, code = runCLI(t, only...)
	if code != exitOK {
		t.Fatalf("--only update: exit %d, want 0\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		`(?m)^\S+ fetch +reused \(succeeded in an earlier run\)$`,
		`(?m)^\S+ classify\[T-1\] +reused \(succeeded in an earlier run\)$`,
		`(?m)^\S+ classify\[T-5\] +skipped \(filtered\)$`,
		`(?m)^\S+ update +succeeded in \S+ \(4 succeeded\)$`,
	} {
		if !regexp.MustCompile(want).MatchString(stdout) {
			t.Errorf("--only update: no match for %s in:\n%s", want, stdout)
		}
	}
	if regexp.MustCompile(`(?m)^\S+ (summary|route)`).MatchString(stdout) {
		t.Errorf("--only update ran more than update:\n%s", stdout)
	}

	stdout, stderr, code = runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("second apply: exit %d, want 0\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		`(?m)^\S+ classify +skipped \(all_filtered\) \(5 filtered\)$`,
		`(?m)^\S+ update +skipped \(upstream_skipped\)$`,
		`(?m)^\S+ summary +skipped \(upstream_skipped\)$`,
	} {
		if !regexp.MustCompile(want).MatchString(stdout) {
			t.Errorf("second apply: no match for %s in:\n%s", want, stdout)
		}
	}
}
