package state

import (
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
)

// BenchmarkPipeRecorded measures what recording costs one pipe: attempt
// started, attempt finished, pipe finished with an exec-like output, and the
// syncs to disk they imply.
func BenchmarkPipeRecorded(b *testing.B) {
	p := dagrun.New("bench").Add("a", nil)
	store := Open(b.TempDir())
	rec, err := store.Start(p, StartOptions{})
	if err != nil {
		b.Fatal(err)
	}
	out := cty.ObjectVal(map[string]cty.Value{
		"stdout": cty.StringVal("some output\n"), "stderr": cty.StringVal(""),
		"exit_code": cty.NumberIntVal(0), "values": cty.MapValEmpty(cty.String),
	})
	now := time.Now()
	for b.Loop() {
		rec.Event(executor.Event{Type: executor.EventAttemptStarted, Time: now, Node: "a", Attempt: 1, MaxAttempts: 1})
		rec.Event(executor.Event{Type: executor.EventAttemptFinished, Time: now, Node: "a", Attempt: 1, MaxAttempts: 1})
		rec.Event(executor.Event{Type: executor.EventPipeFinished, Time: now, Node: "a", Attempt: 1, MaxAttempts: 1, Status: executor.StatusSucceeded, Output: out})
	}
	b.StopTimer()
	if err := rec.Finish(nil, nil); err != nil {
		b.Fatal(err)
	}
}
