package metrics_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/internal/fakeclock"
	"github.com/dagrun/dagrun/metrics"
)

// TestDeadlineMissedCounters: a run of the core whose pipe and pipeline
// deadlines pass counts each once, and a handler counts under its own pipe
// label without changing the run's status.
func TestDeadlineMissedCounters(t *testing.T) {
	c := metrics.New("p", metrics.Options{})
	clk := fakeclock.New(t0)
	release := make(chan struct{})
	slow := func(ctx context.Context, _ executor.Input) (cty.Value, error) {
		<-release
		return cty.NilVal, nil
	}
	g, err := executor.NewGraph([]executor.Node{
		{ID: "slow", Task: slow, Deadline: time.Minute},
		{ID: "quick", Task: func(context.Context, executor.Input) (cty.Value, error) { return cty.NilVal, nil }, Deadline: time.Minute},
		{ID: "handler.deadline", Handler: executor.HandlerDeadline, Task: func(context.Context, executor.Input) (cty.Value, error) {
			close(release)
			return cty.NilVal, nil
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	quickDone := make(chan struct{})
	obs := executor.Observers{c, executor.ObserverFunc(func(e executor.Event) {
		if e.Type == executor.EventPipeFinished && e.Node == "quick" {
			close(quickDone)
		}
	})}
	done := make(chan *executor.Report)
	go func() {
		rep, _ := executor.Run(t.Context(), g, executor.Options{Clock: clockAdapter{clk}, Observer: obs, Deadline: 2 * time.Minute})
		done <- rep
	}()
	clk.WaitFor(t.Context(), func(ts []time.Time) bool { return len(ts) == 2 })
	<-quickDone // it ended in time: its deadline is not missed
	clk.Advance(3 * time.Minute)
	rep := <-done
	if rep.Status != executor.StatusSucceeded || rep.DeadlinesMissed != 2 {
		t.Fatalf("status %s, missed %d; want succeeded, 2", rep.Status, rep.DeadlinesMissed)
	}
	want := `
# HELP dagrun_pipe_deadline_missed_total Pipe deadlines missed: the pipe had not ended when its deadline (from the run's start) passed. The pipe went on.
# TYPE dagrun_pipe_deadline_missed_total counter
dagrun_pipe_deadline_missed_total{pipe="slow",pipeline="p"} 1
# HELP dagrun_pipeline_deadline_missed_total Pipeline deadlines missed: some pipe of the run had not ended when the pipeline's deadline passed. The run went on.
# TYPE dagrun_pipeline_deadline_missed_total counter
dagrun_pipeline_deadline_missed_total{pipeline="p"} 1
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(want), metrics.PipeDeadlineMissedTotal, metrics.PipelineDeadlineMissedTotal); err != nil {
		t.Error(err)
	}
	runs := `
# HELP dagrun_pipe_runs_total Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.
# TYPE dagrun_pipe_runs_total counter
dagrun_pipe_runs_total{pipe="handler.deadline",pipeline="p",status="succeeded"} 1
dagrun_pipe_runs_total{pipe="quick",pipeline="p",status="succeeded"} 1
dagrun_pipe_runs_total{pipe="slow",pipeline="p",status="succeeded"} 1
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(runs), metrics.PipeRunsTotal); err != nil {
		t.Error(err)
	}
}

// clockAdapter is the fake clock as the core's Clock.
type clockAdapter struct{ c *fakeclock.Clock }

func (a clockAdapter) Now() time.Time { return a.c.Now() }

func (a clockAdapter) AfterFunc(d time.Duration, f func()) executor.Timer {
	ch, stop := a.c.NewTimer(d)
	done := make(chan struct{})
	go func() {
		select {
		case <-ch:
			f()
		case <-done:
		}
	}()
	return stopper{stop: stop, done: done}
}

type stopper struct {
	stop func() bool
	done chan struct{}
}

func (s stopper) Stop() bool {
	ok := s.stop()
	if ok {
		close(s.done)
	}
	return ok
}
