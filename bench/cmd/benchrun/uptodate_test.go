package main

import (
	"strings"
	"testing"
)

// Splicing the up-to-date rows and section into a report replaces those of
// an earlier splice, and leaves the rest as it was.
func TestSpliceUpToDate(t *testing.T) {
	report := strings.Join([]string{
		"# Benchmarks", "",
		"| target | limit | measured | status |", "|---|---|---|---|",
		"| graph build | ≤ 0.5 s | 0.083 s | ✅ met |", "",
		"## Machine", "", "cpus", "",
		"## How to reproduce", "", "make bench", "",
	}, "\n")
	b := &bench{res: &Results{UpToDate: &upToDateResult{Pipes: 1000, Sources: 10, SourceBytes: 4096, WorkMS: 20, P: 2,
		First: []float64{10, 12}, Second: []float64{0.3, 0.4}, CheckNsPerFile: 20000, HashNsPerMiB: 1e6, Measured: "today", LoadAvg: "1.0 1.0 1.0"}}}
	once, err := b.spliceUpToDate(report)
	if err != nil {
		t.Fatal(err)
	}
	twice, err := b.spliceUpToDate(once)
	if err != nil {
		t.Fatal(err)
	}
	if once != twice {
		t.Errorf("a second splice changed the report:\n%s\n---\n%s", once, twice)
	}
	for _, want := range []string{
		"| graph build | ≤ 0.5 s | 0.083 s | ✅ met |\n| up-to-date build, ",
		"| up-to-date check per source file of 4 KiB | ≤ 50 µs | 20.0 µs (hashing: 1.00 ms per MiB) | ✅ met |\n\n## Machine",
		"## Up-to-date pipes\n\nMeasured on today ",
		"| 2 | 12.000 s | 0.400 s | 0.033× |",
		"\n## How to reproduce\n\nmake bench",
	} {
		if !strings.Contains(once, want) {
			t.Errorf("the report lacks %q:\n%s", want, once)
		}
	}
	if n := strings.Count(once, "## Up-to-date pipes"); n != 1 {
		t.Errorf("%d up-to-date sections", n)
	}
	if _, err := b.spliceUpToDate("# nothing\n"); err == nil {
		t.Error("a report without a targets table: no error")
	}
}
