package main

import (
	"strings"
	"testing"
)

// The Temporal targets: not measured without a Temporal CLI, else the
// chain's time per pipe and the wide run's pipes per second, each against
// its limit.
func TestTemporalTargets(t *testing.T) {
	for _, r := range []*temporalResult{nil, {Skipped: "no Temporal CLI"}, {Err: "the dev server did not answer"}} {
		b := &bench{res: &Results{Temporal: r}}
		for _, tg := range b.temporalTargets() {
			if tg.Status != notMeasure {
				t.Errorf("%+v: %s is %s, want %s", r, tg.Name, tg.Status, notMeasure)
			}
		}
	}
	series := func(name, shape string, runs ...float64) *temporalSeries {
		return &temporalSeries{Name: name, Shape: shape, Runs: runs, Wall: runs}
	}
	r := &temporalResult{Pipes: 200, Series: []*temporalSeries{
		series(engineLocal, "chain", 0.2), series(engineTemporalLocal, "chain", 4, 6, 5.2), series(engineTemporalRemote, "chain", 9),
		series(engineLocal, "wide", 0.1), series(engineTemporalLocal, "wide", 1, 1.5, 1.2), series(engineTemporalRemote, "wide", 2),
	}}
	ts := (&bench{res: &Results{Temporal: r}}).temporalTargets()
	if len(ts) != 3 {
		t.Fatalf("%d targets, want 3", len(ts))
	}
	// 5.2 s / 200 = 26 ms per pipe: over 25 ms. 200 / 1.2 s = 167 pipes/s.
	if ts[0].Status != notMet || !strings.HasPrefix(ts[0].Measured, "26.0 ms") {
		t.Errorf("chain: %s, %q; want not met at 26.0 ms", ts[0].Status, ts[0].Measured)
	}
	if ts[1].Status != met || !strings.HasPrefix(ts[1].Measured, "167 ") {
		t.Errorf("wide: %s, %q; want met at 167", ts[1].Status, ts[1].Measured)
	}
	if ts[2].Status != notMeasure {
		t.Errorf("large runs not run: %s, want %s", ts[2].Status, notMeasure)
	}
	// Large runs: met only when every pipe of each succeeded.
	r.Large = []*largeRun{{Shape: "wide", Pipes: 20000, Run: 100, Parts: 15, Succeeded: 20000}, {Shape: "chain", Pipes: 5000, Run: 10, Parts: 2, Succeeded: 4999}}
	if tg := (&bench{res: &Results{Temporal: r}}).largeTarget(); tg.Status != notMet {
		t.Errorf("a large run with a pipe not succeeded: %s, want %s", tg.Status, notMet)
	}
	r.Large[1].Succeeded = 5000
	if tg := (&bench{res: &Results{Temporal: r}}).largeTarget(); tg.Status != met || !strings.Contains(tg.Measured, "20000 wide: 20000 succeeded") {
		t.Errorf("large runs: %s, %q; want met", tg.Status, tg.Measured)
	}
}

// succeededPipes reads apply's last JSON line, whose fields start with its
// time.
func TestSucceededPipes(t *testing.T) {
	out := []byte(`{"time":"2026-12-08T00:00:00Z","type":"run_started","pipeline":"main"}
{"time":"2026-12-08T00:00:01Z","type":"run_finished","pipeline":"main","status":"succeeded","pipes":[{"pipe":"a","status":"succeeded"},{"pipe":"b","status":"failed"},{"pipe":"c","status":"succeeded"}]}
`)
	if n, err := succeededPipes(out); err != nil || n != 2 {
		t.Errorf("succeededPipes: %d, %v; want 2", n, err)
	}
	if _, err := succeededPipes(out[:60]); err == nil {
		t.Error("no run_finished: no error")
	}
}
