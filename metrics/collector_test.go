package metrics_test

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
)

// t0 is the time of every synthetic event: 2024-01-01T00:00:00Z.
var t0 = time.Unix(1704067200, 0).UTC()

// script builds the event sequence the executor would emit for a run.
type script struct{ events []executor.Event }

func (s *script) add(e executor.Event) *script {
	if e.Time.IsZero() {
		e.Time = t0
	}
	s.events = append(s.events, e)
	return s
}

func (s *script) runStarted() *script { return s.add(executor.Event{Type: executor.EventRunStarted}) }

func (s *script) runFinished(st executor.Status, d time.Duration) *script {
	return s.add(executor.Event{Type: executor.EventRunFinished, Status: st, Duration: d})
}

// attempt adds ready (first attempt only), started, finished and, when the attempt
// failed and retry is set, retrying.
func (s *script) attempt(node, pipe string, n int, wait, d time.Duration, r executor.AttemptResult, retry bool) *script {
	if n == 1 {
		s.add(executor.Event{Type: executor.EventPipeReady, Node: node, Pipe: pipe})
	}
	s.add(executor.Event{Type: executor.EventAttemptStarted, Node: node, Pipe: pipe, Attempt: n, Wait: wait})
	s.add(executor.Event{Type: executor.EventAttemptFinished, Node: node, Pipe: pipe, Attempt: n, AttemptResult: r, Duration: d})
	if retry {
		s.add(executor.Event{Type: executor.EventRetrying, Node: node, Pipe: pipe, Attempt: n + 1, Delay: time.Second})
	}
	return s
}

func (s *script) pipeFinished(node, pipe string, st executor.Status, attempts int, d time.Duration) *script {
	return s.add(executor.Event{Type: executor.EventPipeFinished, Node: node, Pipe: pipe, Status: st, Attempt: attempts, Duration: d})
}

func (s *script) feed(o executor.Observer) {
	for _, e := range s.events {
		o.Event(e)
	}
}

func compare(t *testing.T, c prometheus.Collector, want string, names ...string) {
	t.Helper()
	if err := testutil.CollectAndCompare(c, strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
}

// The collector counts from every event but EventPipeReady, which a run then
// does not build for it.
func TestCollectorEventTypes(t *testing.T) {
	got := executor.Wants(metrics.New("p", metrics.Options{}))
	if got.Has(executor.EventPipeReady) {
		t.Error("the collector asks for EventPipeReady")
	}
	for _, typ := range []executor.EventType{executor.EventRunStarted, executor.EventAttemptStarted, executor.EventAttemptFinished,
		executor.EventRetrying, executor.EventPipeFinished, executor.EventRunFinished} {
		if !got.Has(typ) {
			t.Errorf("the collector does not ask for %s", typ)
		}
	}
}

func TestRetriesThenSuccess(t *testing.T) {
	c := metrics.New("tickets", metrics.Options{})
	s := new(script).runStarted().
		attempt("fetch", "fetch", 1, 200*time.Millisecond, time.Second, executor.AttemptError, true).
		attempt("fetch", "fetch", 2, 0, time.Second, executor.AttemptError, true).
		attempt("fetch", "fetch", 3, 0, 2*time.Second, executor.AttemptOK, false).
		pipeFinished("fetch", "fetch", executor.StatusSucceeded, 3, 6*time.Second).
		runFinished(executor.StatusSucceeded, 7*time.Second)
	s.feed(c)

	compare(t, c, `
# HELP dagrun_pipe_attempts_total Pipe attempts that finished, by result (ok, error, timeout).
# TYPE dagrun_pipe_attempts_total counter
dagrun_pipe_attempts_total{pipe="fetch",pipeline="tickets",result="error"} 2
dagrun_pipe_attempts_total{pipe="fetch",pipeline="tickets",result="ok"} 1
# HELP dagrun_pipe_retries_total Retries scheduled after a failed pipe attempt.
# TYPE dagrun_pipe_retries_total counter
dagrun_pipe_retries_total{pipe="fetch",pipeline="tickets"} 2
# HELP dagrun_pipe_runs_total Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.
# TYPE dagrun_pipe_runs_total counter
dagrun_pipe_runs_total{pipe="fetch",pipeline="tickets",status="succeeded"} 1
# HELP dagrun_pipe_running Pipe attempts running now.
# TYPE dagrun_pipe_running gauge
dagrun_pipe_running{pipe="fetch",pipeline="tickets"} 0
# HELP dagrun_pipe_last_success_timestamp_seconds Unix time at which the pipe last succeeded.
# TYPE dagrun_pipe_last_success_timestamp_seconds gauge
dagrun_pipe_last_success_timestamp_seconds{pipe="fetch",pipeline="tickets"} 1.7040672e+09
# HELP dagrun_pipeline_runs_total Pipeline runs that finished, by status (succeeded, failed, cancelled).
# TYPE dagrun_pipeline_runs_total counter
dagrun_pipeline_runs_total{pipeline="tickets",status="cancelled"} 0
dagrun_pipeline_runs_total{pipeline="tickets",status="failed"} 0
dagrun_pipeline_runs_total{pipeline="tickets",status="succeeded"} 1
# HELP dagrun_pipeline_running Runs of the pipeline in progress.
# TYPE dagrun_pipeline_running gauge
dagrun_pipeline_running{pipeline="tickets"} 0
# HELP dagrun_pipeline_last_run_timestamp_seconds Unix time at which a run of the pipeline last finished with the status.
# TYPE dagrun_pipeline_last_run_timestamp_seconds gauge
dagrun_pipeline_last_run_timestamp_seconds{pipeline="tickets",status="succeeded"} 1.7040672e+09
`, metrics.PipeAttemptsTotal, metrics.PipeRetriesTotal, metrics.PipeRunsTotal, metrics.PipeRunning,
		metrics.PipeLastSuccessTimestampSeconds, metrics.PipelineRunsTotal, metrics.PipelineRunning,
		metrics.PipelineLastRunTimestampSeconds)

	// The whole pipe (6s) lands in one duration bucket; each attempt in its own;
	// the first attempt waited 200ms for a slot, the retries none.
	for _, tc := range []struct {
		name  string
		count int
		sum   float64
	}{
		{metrics.PipeDurationSeconds, 1, 6},
		{metrics.PipeAttemptDurationSeconds, 3, 4},
		{metrics.PipeQueueSeconds, 3, 0.2},
		{metrics.PipelineDurationSeconds, 1, 7},
	} {
		count, sum := histogram(t, c, tc.name)
		if count != tc.count || sum != tc.sum {
			t.Errorf("%s: count %d sum %g, want count %d sum %g", tc.name, count, sum, tc.count, tc.sum)
		}
	}
}

// histogram returns the sample count and sum over every series of the histogram name.
func histogram(t *testing.T, c prometheus.Collector, name string) (count int, sum float64) {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(c)
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			count += int(m.GetHistogram().GetSampleCount())
			sum += m.GetHistogram().GetSampleSum()
		}
	}
	return count, sum
}

func TestTimeoutAttempt(t *testing.T) {
	c := metrics.New("p", metrics.Options{})
	new(script).runStarted().
		attempt("slow", "slow", 1, 0, 30*time.Second, executor.AttemptTimeout, false).
		pipeFinished("slow", "slow", executor.StatusFailed, 1, 30*time.Second).
		runFinished(executor.StatusFailed, 31*time.Second).feed(c)

	compare(t, c, `
# HELP dagrun_pipe_attempts_total Pipe attempts that finished, by result (ok, error, timeout).
# TYPE dagrun_pipe_attempts_total counter
dagrun_pipe_attempts_total{pipe="slow",pipeline="p",result="timeout"} 1
# HELP dagrun_pipe_runs_total Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.
# TYPE dagrun_pipe_runs_total counter
dagrun_pipe_runs_total{pipe="slow",pipeline="p",status="failed"} 1
# HELP dagrun_pipeline_runs_total Pipeline runs that finished, by status (succeeded, failed, cancelled).
# TYPE dagrun_pipeline_runs_total counter
dagrun_pipeline_runs_total{pipeline="p",status="cancelled"} 0
dagrun_pipeline_runs_total{pipeline="p",status="failed"} 1
dagrun_pipeline_runs_total{pipeline="p",status="succeeded"} 0
`, metrics.PipeAttemptsTotal, metrics.PipeRunsTotal, metrics.PipelineRunsTotal)
	if n := testutil.CollectAndCount(c, metrics.PipeLastSuccessTimestampSeconds); n != 0 {
		t.Errorf("%s has %d series after a failure, want none", metrics.PipeLastSuccessTimestampSeconds, n)
	}
}

func TestSkippedPipeCountsWithoutDuration(t *testing.T) {
	c := metrics.New("p", metrics.Options{})
	new(script).runStarted().
		attempt("a", "a", 1, 0, time.Second, executor.AttemptError, false).
		pipeFinished("a", "a", executor.StatusFailed, 1, time.Second).
		pipeFinished("b", "b", executor.StatusSkipped, 0, 0).
		runFinished(executor.StatusFailed, time.Second).feed(c)

	compare(t, c, `
# HELP dagrun_pipe_runs_total Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.
# TYPE dagrun_pipe_runs_total counter
dagrun_pipe_runs_total{pipe="a",pipeline="p",status="failed"} 1
dagrun_pipe_runs_total{pipe="b",pipeline="p",status="skipped"} 1
`, metrics.PipeRunsTotal)
	if count, _ := histogram(t, c, metrics.PipeDurationSeconds); count != 1 {
		t.Errorf("%s count = %d, want 1 (the skipped pipe never ran)", metrics.PipeDurationSeconds, count)
	}
}

func TestCancellation(t *testing.T) {
	c := metrics.New("p", metrics.Options{})
	c.Init([]string{"running", "waiting"})
	new(script).runStarted().
		attempt("running", "running", 1, 0, 3*time.Second, executor.AttemptError, false).
		pipeFinished("running", "running", executor.StatusCancelled, 1, 3*time.Second).
		pipeFinished("waiting", "waiting", executor.StatusCancelled, 0, 0).
		runFinished(executor.StatusCancelled, 3*time.Second).feed(c)

	compare(t, c, `
# HELP dagrun_pipe_runs_total Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.
# TYPE dagrun_pipe_runs_total counter
dagrun_pipe_runs_total{pipe="running",pipeline="p",status="cancelled"} 1
dagrun_pipe_runs_total{pipe="running",pipeline="p",status="failed"} 0
dagrun_pipe_runs_total{pipe="running",pipeline="p",status="skipped"} 0
dagrun_pipe_runs_total{pipe="running",pipeline="p",status="succeeded"} 0
dagrun_pipe_runs_total{pipe="running",pipeline="p",status="up_to_date"} 0
dagrun_pipe_runs_total{pipe="waiting",pipeline="p",status="cancelled"} 1
dagrun_pipe_runs_total{pipe="waiting",pipeline="p",status="failed"} 0
dagrun_pipe_runs_total{pipe="waiting",pipeline="p",status="skipped"} 0
dagrun_pipe_runs_total{pipe="waiting",pipeline="p",status="succeeded"} 0
dagrun_pipe_runs_total{pipe="waiting",pipeline="p",status="up_to_date"} 0
# HELP dagrun_pipe_running Pipe attempts running now.
# TYPE dagrun_pipe_running gauge
dagrun_pipe_running{pipe="running",pipeline="p"} 0
dagrun_pipe_running{pipe="waiting",pipeline="p"} 0
# HELP dagrun_pipeline_runs_total Pipeline runs that finished, by status (succeeded, failed, cancelled).
# TYPE dagrun_pipeline_runs_total counter
dagrun_pipeline_runs_total{pipeline="p",status="cancelled"} 1
dagrun_pipeline_runs_total{pipeline="p",status="failed"} 0
dagrun_pipeline_runs_total{pipeline="p",status="succeeded"} 0
# HELP dagrun_pipeline_running Runs of the pipeline in progress.
# TYPE dagrun_pipeline_running gauge
dagrun_pipeline_running{pipeline="p"} 0
`, metrics.PipeRunsTotal, metrics.PipeRunning, metrics.PipelineRunsTotal, metrics.PipelineRunning)
}

func TestRunningGaugesDuringRun(t *testing.T) {
	c := metrics.New("p", metrics.Options{})
	c.Event(executor.Event{Type: executor.EventRunStarted})
	c.Event(executor.Event{Type: executor.EventAttemptStarted, Node: "a", Pipe: "a", Attempt: 1})
	c.Event(executor.Event{Type: executor.EventAttemptStarted, Node: "b[0]", Pipe: "b", Key: "0", Attempt: 1})
	c.Event(executor.Event{Type: executor.EventAttemptStarted, Node: "b[1]", Pipe: "b", Key: "1", Attempt: 1})
	compare(t, c, `
# HELP dagrun_pipe_running Pipe attempts running now.
# TYPE dagrun_pipe_running gauge
dagrun_pipe_running{pipe="a",pipeline="p"} 1
dagrun_pipe_running{pipe="b",pipeline="p"} 2
# HELP dagrun_pipeline_running Runs of the pipeline in progress.
# TYPE dagrun_pipeline_running gauge
dagrun_pipeline_running{pipeline="p"} 1
`, metrics.PipeRunning, metrics.PipelineRunning)
}

func TestForEachInstancesShareSeries(t *testing.T) {
	c := metrics.New("p", metrics.Options{})
	s := new(script).runStarted()
	for _, key := range []string{"0", "1", "2"} {
		node := "classify[" + key + "]"
		s.add(executor.Event{Type: executor.EventPipeReady, Node: node, Pipe: "classify", Key: key})
		s.add(executor.Event{Type: executor.EventAttemptStarted, Node: node, Pipe: "classify", Key: key, Attempt: 1})
		r, st := executor.AttemptOK, executor.StatusSucceeded
		if key == "2" {
			r, st = executor.AttemptError, executor.StatusFailed
		}
		s.add(executor.Event{Type: executor.EventAttemptFinished, Node: node, Pipe: "classify", Key: key, Attempt: 1, AttemptResult: r, Duration: time.Second})
		s.add(executor.Event{Type: executor.EventPipeFinished, Node: node, Pipe: "classify", Key: key, Attempt: 1, Status: st, Duration: time.Second})
	}
	s.runFinished(executor.StatusFailed, 2*time.Second).feed(c)

	compare(t, c, `
# HELP dagrun_pipe_attempts_total Pipe attempts that finished, by result (ok, error, timeout).
# TYPE dagrun_pipe_attempts_total counter
dagrun_pipe_attempts_total{pipe="classify",pipeline="p",result="error"} 1
dagrun_pipe_attempts_total{pipe="classify",pipeline="p",result="ok"} 2
# HELP dagrun_pipe_runs_total Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.
# TYPE dagrun_pipe_runs_total counter
dagrun_pipe_runs_total{pipe="classify",pipeline="p",status="failed"} 1
dagrun_pipe_runs_total{pipe="classify",pipeline="p",status="succeeded"} 2
# HELP dagrun_pipe_running Pipe attempts running now.
# TYPE dagrun_pipe_running gauge
dagrun_pipe_running{pipe="classify",pipeline="p"} 0
`, metrics.PipeAttemptsTotal, metrics.PipeRunsTotal, metrics.PipeRunning)
	if count, _ := histogram(t, c, metrics.PipeAttemptDurationSeconds); count != 3 {
		t.Errorf("%s count = %d, want 3", metrics.PipeAttemptDurationSeconds, count)
	}
}

func TestPipeFallsBackToNode(t *testing.T) {
	c := metrics.New("p", metrics.Options{})
	c.Event(executor.Event{Type: executor.EventRetrying, Node: "solo"})
	compare(t, c, `
# HELP dagrun_pipe_retries_total Retries scheduled after a failed pipe attempt.
# TYPE dagrun_pipe_retries_total counter
dagrun_pipe_retries_total{pipe="solo",pipeline="p"} 1
`, metrics.PipeRetriesTotal)
}

func TestEventWithoutTimeUsesClock(t *testing.T) {
	now := time.Unix(1700000000, 0)
	c := metrics.New("p", metrics.Options{Now: func() time.Time { return now }})
	c.Event(executor.Event{Type: executor.EventPipeFinished, Node: "a", Status: executor.StatusSucceeded, Attempt: 1})
	compare(t, c, `
# HELP dagrun_pipe_last_success_timestamp_seconds Unix time at which the pipe last succeeded.
# TYPE dagrun_pipe_last_success_timestamp_seconds gauge
dagrun_pipe_last_success_timestamp_seconds{pipe="a",pipeline="p"} 1.7e+09
`, metrics.PipeLastSuccessTimestampSeconds)
}

func TestInitZeroesKnownSeries(t *testing.T) {
	c := metrics.New("p", metrics.Options{})
	c.Init([]string{"fetch"})
	compare(t, c, `
# HELP dagrun_pipe_attempts_total Pipe attempts that finished, by result (ok, error, timeout).
# TYPE dagrun_pipe_attempts_total counter
dagrun_pipe_attempts_total{pipe="fetch",pipeline="p",result="error"} 0
dagrun_pipe_attempts_total{pipe="fetch",pipeline="p",result="ok"} 0
dagrun_pipe_attempts_total{pipe="fetch",pipeline="p",result="timeout"} 0
# HELP dagrun_pipe_retries_total Retries scheduled after a failed pipe attempt.
# TYPE dagrun_pipe_retries_total counter
dagrun_pipe_retries_total{pipe="fetch",pipeline="p"} 0
# HELP dagrun_pipe_runs_total Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.
# TYPE dagrun_pipe_runs_total counter
dagrun_pipe_runs_total{pipe="fetch",pipeline="p",status="cancelled"} 0
dagrun_pipe_runs_total{pipe="fetch",pipeline="p",status="failed"} 0
dagrun_pipe_runs_total{pipe="fetch",pipeline="p",status="skipped"} 0
dagrun_pipe_runs_total{pipe="fetch",pipeline="p",status="succeeded"} 0
dagrun_pipe_runs_total{pipe="fetch",pipeline="p",status="up_to_date"} 0
# HELP dagrun_pipe_running Pipe attempts running now.
# TYPE dagrun_pipe_running gauge
dagrun_pipe_running{pipe="fetch",pipeline="p"} 0
# HELP dagrun_pipeline_runs_total Pipeline runs that finished, by status (succeeded, failed, cancelled).
# TYPE dagrun_pipeline_runs_total counter
dagrun_pipeline_runs_total{pipeline="p",status="cancelled"} 0
dagrun_pipeline_runs_total{pipeline="p",status="failed"} 0
dagrun_pipeline_runs_total{pipeline="p",status="succeeded"} 0
# HELP dagrun_pipeline_running Runs of the pipeline in progress.
# TYPE dagrun_pipeline_running gauge
dagrun_pipeline_running{pipeline="p"} 0
`, metrics.PipeAttemptsTotal, metrics.PipeRetriesTotal, metrics.PipeRunsTotal, metrics.PipeRunning,
		metrics.PipelineRunsTotal, metrics.PipelineRunning)
	// Histograms and timestamps have no meaningful zero: their pipe series appear
	// with the first observation.
	for _, name := range []string{metrics.PipeDurationSeconds, metrics.PipeLastSuccessTimestampSeconds, metrics.PipelineLastRunTimestampSeconds} {
		if n := testutil.CollectAndCount(c, name); n != 0 {
			t.Errorf("%s has %d series before any event, want 0", name, n)
		}
	}
}

func TestTwoPipelinesShareARegistry(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	a := metrics.New("alpha", metrics.Options{Version: "1.2.3"})
	b := metrics.New("beta", metrics.Options{Version: "1.2.3"})
	for _, c := range []*metrics.Collector{a, b} {
		if err := c.Register(reg); err != nil {
			t.Fatalf("Register(%s): %v", c.Pipeline(), err)
		}
	}
	new(script).runStarted().
		attempt("x", "x", 1, 0, time.Second, executor.AttemptOK, false).
		pipeFinished("x", "x", executor.StatusSucceeded, 1, time.Second).
		runFinished(executor.StatusSucceeded, time.Second).feed(a)
	new(script).runStarted().
		attempt("x", "x", 1, 0, time.Second, executor.AttemptError, false).
		pipeFinished("x", "x", executor.StatusFailed, 1, time.Second).
		runFinished(executor.StatusFailed, time.Second).feed(b)

	want := `
# HELP dagrun_build_info A metric with a constant '1' value labelled by the dagrun version and the Go version it was built with.
# TYPE dagrun_build_info gauge
dagrun_build_info{goversion="` + runtime.Version() + `",version="1.2.3"} 1
# HELP dagrun_pipe_runs_total Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.
# TYPE dagrun_pipe_runs_total counter
dagrun_pipe_runs_total{pipe="x",pipeline="alpha",status="succeeded"} 1
dagrun_pipe_runs_total{pipe="x",pipeline="beta",status="failed"} 1
# HELP dagrun_pipeline_runs_total Pipeline runs that finished, by status (succeeded, failed, cancelled).
# TYPE dagrun_pipeline_runs_total counter
dagrun_pipeline_runs_total{pipeline="alpha",status="cancelled"} 0
dagrun_pipeline_runs_total{pipeline="alpha",status="failed"} 0
dagrun_pipeline_runs_total{pipeline="alpha",status="succeeded"} 1
dagrun_pipeline_runs_total{pipeline="beta",status="cancelled"} 0
dagrun_pipeline_runs_total{pipeline="beta",status="failed"} 1
dagrun_pipeline_runs_total{pipeline="beta",status="succeeded"} 0
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), metrics.BuildInfo, metrics.PipeRunsTotal, metrics.PipelineRunsTotal); err != nil {
		t.Error(err)
	}
	if problems, err := testutil.GatherAndLint(reg); err != nil || len(problems) > 0 {
		t.Errorf("lint: %v %v", problems, err)
	}

	// A second Collector for a pipeline already on the registry is refused.
	err := metrics.New("alpha", metrics.Options{Version: "1.2.3"}).Register(reg)
	var already prometheus.AlreadyRegisteredError
	if !errors.As(err, &already) {
		t.Errorf("registering alpha twice: err = %v, want AlreadyRegisteredError", err)
	}
}

// ForPipeline makes a pipeline's Collector once per registry: the second call
// returns the first Collector, with the series of the pipes it names added at
// zero. A collector of another kind in the way is an error.
func TestForPipeline(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	a, err := metrics.ForPipeline(reg, "alpha", []string{"fetch"}, "1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	again, err := metrics.ForPipeline(reg, "alpha", []string{"fetch", "store"}, "4.5.6")
	if err != nil {
		t.Fatal(err)
	}
	if again != a {
		t.Error("the second ForPipeline made another Collector")
	}
	if err := testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP dagrun_build_info A metric with a constant '1' value labelled by the dagrun version and the Go version it was built with.
# TYPE dagrun_build_info gauge
dagrun_build_info{goversion="`+runtime.Version()+`",version="1.2.3"} 1
# HELP dagrun_pipe_retries_total Retries scheduled after a failed pipe attempt.
# TYPE dagrun_pipe_retries_total counter
dagrun_pipe_retries_total{pipe="fetch",pipeline="alpha"} 0
dagrun_pipe_retries_total{pipe="store",pipeline="alpha"} 0
`), metrics.BuildInfo, metrics.PipeRetriesTotal); err != nil {
		t.Error(err)
	}

	other := prometheus.NewRegistry()
	if err := other.Register(prometheus.NewGauge(prometheus.GaugeOpts{Name: metrics.PipelineRunning, ConstLabels: prometheus.Labels{metrics.LabelPipeline: "beta"}})); err != nil {
		t.Fatal(err)
	}
	if _, err := metrics.ForPipeline(other, "beta", nil, ""); err == nil {
		t.Error("ForPipeline over a gauge of the same name: no error")
	}
}

func TestLint(t *testing.T) {
	c := metrics.New("p", metrics.Options{})
	c.Init([]string{"a", "b"})
	new(script).runStarted().
		attempt("a", "a", 1, time.Second, time.Second, executor.AttemptError, true).
		attempt("a", "a", 2, 0, time.Second, executor.AttemptOK, false).
		pipeFinished("a", "a", executor.StatusSucceeded, 2, 3*time.Second).
		pipeFinished("b", "b", executor.StatusSkipped, 0, 0).
		runFinished(executor.StatusSucceeded, 3*time.Second).feed(c)
	problems, err := testutil.CollectAndLint(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", p.Metric, p.Text)
	}
}

func TestConcurrentEvents(t *testing.T) {
	c := metrics.New("p", metrics.Options{})
	done := make(chan struct{})
	for i := 0; i < 4; i++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for j := 0; j < 100; j++ {
				new(script).attempt("a", "a", 1, 0, time.Millisecond, executor.AttemptOK, false).
					pipeFinished("a", "a", executor.StatusSucceeded, 1, time.Millisecond).feed(c)
			}
		}()
	}
	for i := 0; i < 4; i++ {
		<-done
	}
	compare(t, c, `
# HELP dagrun_pipe_runs_total Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.
# TYPE dagrun_pipe_runs_total counter
dagrun_pipe_runs_total{pipe="a",pipeline="p",status="succeeded"} 400
`, metrics.PipeRunsTotal)
}

// Node indexes are unique within one run only: runs of different graphs may
// share a Collector, so the same index can name different pipes.
func TestSameIndexDifferentPipes(t *testing.T) {
	c := metrics.New("p", metrics.Options{})
	for _, pipe := range []string{"a", "b", "a", "a", "b"} {
		c.Event(executor.Event{Type: executor.EventPipeFinished, Node: pipe, Pipe: pipe, Index: 7, Status: executor.StatusSkipped})
	}
	compare(t, c, `
# HELP dagrun_pipe_runs_total Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.
# TYPE dagrun_pipe_runs_total counter
dagrun_pipe_runs_total{pipe="a",pipeline="p",status="skipped"} 3
dagrun_pipe_runs_total{pipe="b",pipeline="p",status="skipped"} 2
`, metrics.PipeRunsTotal)
}
