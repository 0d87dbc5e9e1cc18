package itest

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"
	"google.golang.org/protobuf/proto"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/temporal"
)

// bigResultPipes is how many exec instances TestBigResult runs, each
// printing bigResultLine: together their outputs are over Temporal's
// payload limit (2 MB), twice over with the logs they send home.
const (
	bigResultPipes = 1000
	bigResultLine  = 3000
)

// A run whose results together are far over Temporal's payload limit
// completes, with every status and output: the workflow's result says how
// the run ended, the results come with the events.
func TestBigResult(t *testing.T) {
	path := writePipeline(t, fmt.Sprintf(`
pipeline "big" {}

pipe "line" {
  use      = "exec"
  for_each = toset(flatten([for i in range(%d) : [for j in range(100) : format("%%04d", i * 100 + j)]]))
  timeout  = "10s"
  command  = ["sh", "-c", "printf '%%s' \"$1\"; printf '%%0%dd' 0", "sh", each.key]
}

pipe "count" {
  use   = "value"
  value = length(pipe.line)
}
`, bigResultPipes/100, bigResultLine-4))
	queue := queueName(t)
	startWorker(t, queue)
	startWorker(t, queue)
	c := newClient(t)
	p, err := dagrun.Load(path, dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	src, err := temporal.NewSource(path, p)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var wfID, runID string
	began := time.Now()
	res, err := temporal.Run(ctx, c, src, temporal.RunOptions{TaskQueue: queue, Started: func(id, run string) { wfID, runID = id, run }})
	if err != nil {
		t.Fatal(err)
	}
	followed := time.Since(began)
	if res.Status != executor.StatusSucceeded {
		t.Errorf("run status %s, want succeeded", res.Status)
	}
	if len(res.Pipes) != bigResultPipes+2 {
		t.Fatalf("%d results, want %d (the fan-out, its instances, count)", len(res.Pipes), bigResultPipes+2)
	}
	var stdout struct{ Stdout string }
	for k, r := range res.Pipes[1 : bigResultPipes+1] {
		key := fmt.Sprintf("%04d", k)
		if r.ID != "line["+key+"]" || r.Status != executor.StatusSucceeded || r.Attempts != 1 {
			t.Fatalf("result %d: %s %s after %d attempt(s), want line[%s] succeeded after 1", k+1, r.ID, r.Status, r.Attempts, key)
		}
		if err := res.Decode(r.ID, &stdout); err != nil || stdout.Stdout != key+strings.Repeat("0", bigResultLine-4) {
			t.Fatalf("%s: stdout %.20q… (%d bytes, %v), want %s and %d zeros", r.ID, stdout.Stdout, len(stdout.Stdout), err, key, bigResultLine-4)
		}
		if r.Started.IsZero() || r.Finished.Before(r.Started) || r.Duration != r.Finished.Sub(r.Started) {
			t.Fatalf("%s: started %v, finished %v, duration %v", r.ID, r.Started, r.Finished, r.Duration)
		}
	}
	var n int
	if err := res.Decode("count", &n); err != nil || n != bigResultPipes {
		t.Errorf("count = %d (%v), want %d", n, err, bigResultPipes)
	}

	// The workflow's result, as the history has it, is small. (Its
	// history grows past the size at which Temporal suggests that a
	// workflow continue as new: the result is its last part's.)
	last, err := temporal.CurrentRun(ctx, c, wfID, runID)
	if err != nil {
		t.Fatal(err)
	}
	if last != runID {
		t.Logf("the run continued as new: its last part is %s", last)
	}
	runID = last
	it := c.GetWorkflowHistory(ctx, wfID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
	ev, err := it.Next()
	if err != nil {
		t.Fatal(err)
	}
	size := 0
	for _, pl := range ev.GetWorkflowExecutionCompletedEventAttributes().GetResult().GetPayloads() {
		size += len(pl.GetData())
	}
	if size == 0 || size > 64<<10 {
		t.Errorf("the workflow's result is %d bytes, want some, under 64 KiB", size)
	}
	histBytes := 0
	all := c.GetWorkflowHistory(ctx, wfID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for all.HasNext() {
		e, err := all.Next()
		if err != nil {
			t.Fatal(err)
		}
		histBytes += proto.Size(e)
	}
	t.Logf("%d results; the workflow's result: %d bytes; its history: %d events, %d bytes; the run took %v, its client %v", len(res.Pipes), size, ev.GetEventId(), histBytes, res.Duration, followed.Round(time.Millisecond))
}

// A run whose workflow has ended while no worker answers queries still
// gives its results: the client replays the workflow's history for the
// events it could not fetch, to attach to the run and to inspect it.
func TestResultsFromHistory(t *testing.T) {
	dir := t.TempDir()
	path := writePipeline(t, mixed)
	queue := queueName(t)
	w := startWorker(t, queue)
	c := newClient(t)
	p, err := dagrun.Load(path, dagrun.LoadOptions{Vars: map[string]string{"dir": dir}})
	if err != nil {
		t.Fatal(err)
	}
	src, err := temporal.NewSource(path, p)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var wfID, runID string
	first, err := temporal.Run(ctx, c, src, temporal.RunOptions{TaskQueue: queue, Started: func(id, run string) { wfID, runID = id, run }})
	if err != nil {
		t.Fatal(err)
	}
	w.signal(t, syscall.SIGTERM) // no worker answers from now on

	var events recorder
	again, err := p.Run(ctx, dagrun.RunOptions{Observer: &events,
		Engine: &temporal.Engine{Client: c, Attach: &temporal.WorkflowRef{ID: wfID, RunID: runID}}})
	if err != nil {
		t.Fatal(err)
	}
	if again.Status != first.Status {
		t.Errorf("run status attached %s, first %s", again.Status, first.Status)
	}
	if diff := cmp.Diff(view(t, first), view(t, again)); diff != "" {
		t.Errorf("pipes (-first +attached):\n%s", diff)
	}
	if diff := cmp.Diff(outputsOf(t, first), outputsOf(t, again)); diff != "" {
		t.Errorf("outputs (-first +attached):\n%s", diff)
	}
	for k := range first.Pipes {
		a, b := &first.Pipes[k], &again.Pipes[k]
		if !a.Started.Equal(b.Started) || !a.Finished.Equal(b.Finished) || a.Duration != b.Duration {
			t.Errorf("%s: times %v–%v (%v) first, %v–%v (%v) attached", a.ID, a.Started, a.Finished, a.Duration, b.Started, b.Finished, b.Duration)
		}
	}

	insp, err := temporal.Inspect(ctx, c, nil, wfID, runID)
	if err != nil {
		t.Fatal(err)
	}
	ended := map[string]string{}
	for _, e := range insp.Events {
		if e.Type == executor.EventPipeFinished {
			ended[e.Node] = e.Status.String()
		}
	}
	want := map[string]string{}
	for _, r := range first.Pipes {
		want[r.ID] = r.Status.String()
	}
	if insp.Status != "Completed" || insp.Running {
		t.Errorf("inspection: %s, running %v; want Completed", insp.Status, insp.Running)
	}
	if diff := cmp.Diff(want, ended); diff != "" {
		t.Errorf("pipes the inspection ended (-want +got):\n%s", diff)
	}
}
