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
	if len(ts) != 2 {
		t.Fatalf("%d targets, want 2", len(ts))
	}
	// 5.2 s / 200 = 26 ms per pipe: over 25 ms. 200 / 1.2 s = 167 pipes/s.
	if ts[0].Status != notMet || !strings.HasPrefix(ts[0].Measured, "26.0 ms") {
		t.Errorf("chain: %s, %q; want not met at 26.0 ms", ts[0].Status, ts[0].Measured)
	}
	if ts[1].Status != met || !strings.HasPrefix(ts[1].Measured, "167 ") {
		t.Errorf("wide: %s, %q; want met at 167", ts[1].Status, ts[1].Measured)
	}
}
