package main

import (
	"math"
	"os"
	"testing"

	"github.com/dagrun/dagrun/bench/internal/measure"
)

func TestPairedRatio(t *testing.T) {
	nan := math.NaN()
	a := &series{Runs: []float64{2, 4, nan, 3}}
	b := &series{Runs: []float64{1, 1, 1, 3}}
	// Rounds where both ran: 2/1, 4/1, 3/3 → median 2.
	if got := pairedRatio(a, b); got != 2 {
		t.Errorf("pairedRatio = %v, want 2", got)
	}
	if got := pairedRatio(a, &series{Err: "failed", Runs: []float64{nan}}); !math.IsNaN(got) {
		t.Errorf("pairedRatio with a failed command = %v, want NaN", got)
	}
	if got := a.Median(); got != 3 {
		t.Errorf("Median = %v, want 3 (NaN rounds left out)", got)
	}
}

func TestStatus(t *testing.T) {
	for _, c := range []struct {
		cs   []check
		want string
	}{
		{[]check{{0.9, 1, true}, {1.0, 1, true}}, met},
		{[]check{{0.9, 1, true}, {1.1, 1, true}}, notMet},
		{[]check{{3.5, 3, false}}, met},
		{[]check{{2.5, 3, false}}, notMet},
		{[]check{{math.NaN(), 3, false}}, notMeasure},
		{nil, notMeasure},
	} {
		if got := status(c.cs); got != c.want {
			t.Errorf("status(%v) = %s, want %s", c.cs, got, c.want)
		}
	}
}

func TestParseTimeV(t *testing.T) {
	path := t.TempDir() + "/time.txt"
	if err := writeFile(path, "\tCommand being timed: \"true\"\n\tMaximum resident set size (kbytes): 1234\n\tExit status: 0\n"); err != nil {
		t.Fatal(err)
	}
	if got, ok := parseTimeV(path); !ok || got != 1234 {
		t.Errorf("parseTimeV = %d, %v; want 1234, true", got, ok)
	}
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }

// TestTargetsShowTheFloor checks that a CLI target shows the os/exec floor's
// own ratio beside dagrun's, and says so when the floor misses the limit too.
func TestTargetsShowTheFloor(t *testing.T) {
	runs := func(v ...float64) []float64 { return v }
	b := &bench{plan: plan{Ps: []int{2}}, tools: tools{Task: tool{Path: "task"}}, res: &Results{CLI: []*cliResult{
		{Kind: "wide", P: 2, Steps: 1000, Series: []*series{
			{Name: toolDagrun, Runs: runs(1.2, 1.2, 1.2), OwnCPU: runs(0.3, 0.3, 0.3)},
			{Name: toolFloor, Runs: runs(1.1, 1.1, 1.1), OwnCPU: runs(0.15, 0.15, 0.15)},
			{Name: toolTask, Runs: runs(2.64, 2.64, 2.64)},
		}},
		{Kind: "chain", P: 2, Steps: 1000, Series: []*series{
			{Name: toolDagrun, Runs: runs(1.2, 1.2, 1.2)},
			{Name: toolFloor, Runs: runs(0.9, 0.9, 0.9)},
			{Name: toolTask, Runs: runs(2.7, 2.7, 2.7)},
		}},
	}}}
	byName := map[string]target{}
	for _, tg := range b.targets() {
		byName[tg.Name] = tg
	}
	task := byName["≥ 2.5× faster than Task (task time / dagrun time)"]
	if got, want := task.PerP["-j2"], "wide 2.20× (floor 2.40×), chain 2.25× (floor 3.00×)"; got != want {
		t.Errorf("vs Task: %q, want %q", got, want)
	}
	if task.Status != notMet || task.Note == "" {
		t.Errorf("vs Task: status %q, note %q; want not met, with a note that the floor misses it in a cell", task.Status, task.Note)
	}
	wide := byName["wide: dagrun ≤ 1.10× the os/exec floor"]
	if got, want := wide.PerP["-j2"], "1.09×"; got != want || wide.Status != met {
		t.Errorf("wide vs floor: %q %s, want %q met (no floor of its own)", got, wide.Status, want)
	}
	if chain := byName["chain: dagrun ≤ 1.10× the os/exec floor"]; chain.PerP["-j2"] != "1.33×" || chain.Status != notMet {
		t.Errorf("chain vs floor: %q %s, want 1.33× not met", chain.PerP["-j2"], chain.Status)
	}
	cpu := byName["dagrun's own CPU per exec pipe ≤ 1.5× the floor's own CPU per process (children excluded)"]
	if got, want := cpu.PerP["-j2"], "wide 2.00× (300 µs / 150 µs per pipe), chain –"; got != want || cpu.Status != notMeasure {
		t.Errorf("own CPU: %q %s, want %q, not measured (chain has none)", got, cpu.Status, want)
	}
}

func TestNsPerNodeRange(t *testing.T) {
	r := &libResult{Variants: map[string][]measure.Sample{
		libDagrun: {{NsPerNode: 300}, {NsPerNode: 650}, {NsPerNode: 280}},
	}}
	if lo, hi := r.nsPerNodeRange(libDagrun); lo != 280 || hi != 650 {
		t.Errorf("range %v – %v, want 280 – 650", lo, hi)
	}
	if lo, hi := r.nsPerNodeRange(libMetrics); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("range of a variant without rounds %v – %v, want NaN", lo, hi)
	}
}
