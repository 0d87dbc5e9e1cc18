package main

import (
	"math"
	"os"
	"testing"
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
