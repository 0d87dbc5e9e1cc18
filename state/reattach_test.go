package state

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
)

// A run whose process died is reattached and given its events from the
// start: what the journal held is not recorded twice, the rest is, and the
// run ends as the events say.
func TestReattach(t *testing.T) {
	store := Open(t.TempDir())
	p := load(t, "pipe \"a\" {\n  use   = \"value\"\n  value = 1\n}\npipe \"b\" {\n  use   = \"value\"\n  value = pipe.a.output\n}\n", nil)
	rec, err := store.Start(p, StartOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	events := []executor.Event{
		{Type: executor.EventRunStarted, Time: t0},
		{Type: executor.EventPipeReady, Time: t0, Node: "a", Pipe: "a"}, // not a journal event
		{Type: executor.EventAttemptStarted, Time: t0, Node: "a", Pipe: "a", Attempt: 1, MaxAttempts: 1},
		{Type: executor.EventAttemptFinished, Time: t0, Node: "a", Pipe: "a", Attempt: 1, MaxAttempts: 1},
		{Type: executor.EventPipeFinished, Time: t0, Node: "a", Pipe: "a", Attempt: 1, Status: executor.StatusSucceeded, Output: cty.NumberIntVal(1)},
		{Type: executor.EventAttemptStarted, Time: t0, Node: "b", Pipe: "b", Attempt: 1, MaxAttempts: 2},
		// The process dies here.
		{Type: executor.EventAttemptFinished, Time: t0, Node: "b", Pipe: "b", Attempt: 1, MaxAttempts: 2, AttemptResult: executor.AttemptError, Err: errors.New("boom")},
		{Type: executor.EventPipeFinished, Time: t0, Node: "b", Pipe: "b", Attempt: 1, Status: executor.StatusFailed, Err: errors.New("boom")},
		{Type: executor.EventRunFinished, Time: t0.Add(time.Second), Status: executor.StatusFailed},
	}
	for _, e := range events[:6] {
		rec.Event(e)
	}
	rec.stopSync()
	rec.closeFiles() // as a killed process leaves it: no end recorded, the lock released
	if run, err := store.Run(rec.ID()); err != nil || run.Summary.Status != StatusAborted {
		t.Fatalf("before: %v %+v", err, run)
	}

	again, err := store.Reattach(rec.ID(), func(s string) string { return s })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Reattach(rec.ID(), nil); err == nil {
		t.Error("a run already reattached was reattached again")
	}
	for _, e := range events {
		again.Event(e)
	}
	if err := again.Finish(&dagrun.Result{Status: dagrun.Failed, Started: t0, Duration: time.Second,
		Pipes: []dagrun.PipeResult{{ID: "a", Status: dagrun.Succeeded}, {ID: "b", Status: dagrun.Failed}}}, nil); err != nil {
		t.Fatal(err)
	}
	run, err := store.Run(rec.ID())
	if err != nil {
		t.Fatal(err)
	}
	if run.Summary.Status != "failed" || run.Summary.Counts.Succeeded != 1 || run.Summary.Counts.Failed != 1 || len(run.Summary.Problems) > 0 {
		t.Errorf("after: %+v", run.Summary)
	}
	var got []string
	for _, p := range run.Pipes {
		got = append(got, p.ID+"="+p.Status+"/"+p.Error)
	}
	if strings.Join(got, " ") != "a=succeeded/ b=failed/boom" {
		t.Errorf("pipes %v", got)
	}
	recs, _, _, err := readJournal(store.runDir(rec.ID()) + "/" + journalFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 8 { // every journal event once
		t.Errorf("%d journal records, want 8", len(recs))
	}
}

// A run another engine ran, whose client died, is resumed only once its
// record is complete: until then the engine may have run more than it says.
func TestResumeNeedsCompleteRecord(t *testing.T) {
	store := Open(t.TempDir())
	p := load(t, "pipe \"a\" {\n  use   = \"value\"\n  value = 1\n}\n", nil)
	rec, err := store.Start(p, StartOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.SetEngine(EngineInfo{Name: "temporal", Address: "127.0.0.1:7233", WorkflowID: "wf"}); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	rec.Event(executor.Event{Type: executor.EventRunStarted, Time: t0})
	rec.stopSync()
	rec.closeFiles() // the client is killed
	_, err = store.Resume(Last, p, "")
	var incomplete *RecordIncompleteError
	if !errors.As(err, &incomplete) || incomplete.Run != rec.ID() {
		t.Fatalf("resume of an incomplete record: %v", err)
	}

	again, err := store.Reattach(rec.ID(), func(s string) string { return s })
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []executor.Event{
		{Type: executor.EventRunStarted, Time: t0},
		{Type: executor.EventPipeFinished, Time: t0, Node: "a", Pipe: "a", Attempt: 1, Status: executor.StatusFailed, Err: errors.New("boom")},
	} {
		again.Event(e)
	}
	if err := again.Finish(&dagrun.Result{Status: dagrun.Failed, Started: t0, Pipes: []dagrun.PipeResult{{ID: "a", Status: dagrun.Failed}}}, nil); err != nil {
		t.Fatal(err)
	}
	res, err := store.Resume(Last, p, "")
	if err != nil {
		t.Fatalf("resume of the completed record: %v", err)
	}
	res.Release()
}
