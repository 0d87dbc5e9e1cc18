package metrics_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/dagrun/dagrun/metrics"
)

func TestScheduleCollector(t *testing.T) {
	c := metrics.NewScheduleCollector("nightly", []string{"every_5m", "cron"})
	c.Tick("every_5m", metrics.TickStarted)
	c.Tick("every_5m", metrics.TickStarted)
	c.Tick("every_5m", metrics.TickSkippedOverlap)
	c.Tick("cron", metrics.TickQueued)
	c.Tick("cron", "bogus") // not a result: ignored, the label stays bounded
	c.SetNextRun("every_5m", t0.Add(5*time.Minute))
	c.SetNextRun("cron", t0.Add(time.Hour))
	c.SetNextRun("cron", time.Time{}) // removed

	want := `
# HELP dagrun_schedule_next_run_timestamp_seconds Unix time at which the schedule fires next.
# TYPE dagrun_schedule_next_run_timestamp_seconds gauge
dagrun_schedule_next_run_timestamp_seconds{pipeline="nightly",schedule="every_5m"} 1.7040675e+09
# HELP dagrun_schedule_ticks_total Schedule ticks of dagrun serve, by what they did: started a run, queued one (overlap = "queue"), or skipped_overlap (a run was still going).
# TYPE dagrun_schedule_ticks_total counter
dagrun_schedule_ticks_total{pipeline="nightly",result="queued",schedule="cron"} 1
dagrun_schedule_ticks_total{pipeline="nightly",result="queued",schedule="every_5m"} 0
dagrun_schedule_ticks_total{pipeline="nightly",result="skipped_overlap",schedule="cron"} 0
dagrun_schedule_ticks_total{pipeline="nightly",result="skipped_overlap",schedule="every_5m"} 1
dagrun_schedule_ticks_total{pipeline="nightly",result="started",schedule="cron"} 0
dagrun_schedule_ticks_total{pipeline="nightly",result="started",schedule="every_5m"} 2
`
	if err := testutil.CollectAndCompare(c, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	problems, err := testutil.CollectAndLint(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
}

// Two pipelines' schedule metrics share a registry; the same pipeline twice is
// refused, as for Collector.
func TestScheduleCollectorsShareARegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	a := metrics.NewScheduleCollector("a", []string{"s"})
	b := metrics.NewScheduleCollector("b", []string{"s"})
	if err := a.Register(reg); err != nil {
		t.Fatal(err)
	}
	if err := b.Register(reg); err != nil {
		t.Fatal(err)
	}
	var already prometheus.AlreadyRegisteredError
	if err := metrics.NewScheduleCollector("a", nil).Register(reg); !errors.As(err, &already) {
		t.Errorf("second collector of pipeline a: err = %v; want AlreadyRegisteredError", err)
	}
	a.Tick("s", metrics.TickStarted)
	if n, err := testutil.GatherAndCount(reg, metrics.ScheduleTicksTotal); err != nil || n != 6 {
		t.Errorf("%s series = %d, %v; want 6 (3 results × 2 pipelines)", metrics.ScheduleTicksTotal, n, err)
	}
}
