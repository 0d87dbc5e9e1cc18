package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
)

// An attempt that did not succeed reads the same in the text view and the
// terminal's: an attempt lost with its worker says so, not "timed out".
func TestAttemptProblemNamesALostWorker(t *testing.T) {
	p, err := dagrun.LoadSource("p.hcl", []byte("pipe \"slow\" {\n  use     = \"exec\"\n  command = [\"true\"]\n}\n"), dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lost := fmt.Errorf("attempt 1 lost: %w", executor.ErrWorkerLost)
	for _, c := range []struct {
		result executor.AttemptResult
		err    error
		want   string
	}{
		{executor.AttemptTimeout, lost, "attempt 1/3 lost: its worker stopped heartbeating"},
		{executor.AttemptTimeout, errors.New("attempt 1 timed out after 5s"), "attempt 1/3 timed out"},
		{executor.AttemptError, errors.New("exit status 3: no route to host"), "attempt 1/3 failed: exit status 3: no route to host"},
	} {
		var out bytes.Buffer
		v := newTextView(&out, p)
		v.Event(executor.Event{Type: executor.EventAttemptFinished, Time: time.Now(), Node: "slow", Pipe: "slow",
			Attempt: 1, MaxAttempts: 3, AttemptResult: c.result, Err: c.err})
		if !strings.Contains(out.String(), c.want) {
			t.Errorf("%v: text view printed %q, want %q", c.err, out.String(), c.want)
		}
		e := executor.Event{AttemptResult: c.result, Err: c.err}
		if got, want := "attempt 1/3 "+attemptProblem(p.Redact, &e), c.want; got != want {
			t.Errorf("attemptProblem = %q, want %q", got, want)
		}
	}
}
