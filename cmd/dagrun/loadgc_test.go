package main

import (
	"os"
	"runtime/debug"
	"testing"
)

// gcPercent reads GOGC (SetGCPercent is the only way to).
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// Overlapping loads lower GOGC once and put it back when the last one ends.
// Not parallel: it reads a setting of the whole process.
func TestLoadGCOverlap(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: the loads leave it alone")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(80))
	var g gcLowering
	first := g.lower()
	if p := gcPercent(); p != 50 {
		t.Fatalf("GOGC during a load = %d, want 50", p)
	}
	second := g.lower()
	first()
	if p := gcPercent(); p != 50 {
		t.Fatalf("GOGC while a second load runs = %d, want 50", p)
	}
	second()
	if p := gcPercent(); p != 80 {
		t.Fatalf("GOGC after the loads = %d, want 80 as before them", p)
	}
}
