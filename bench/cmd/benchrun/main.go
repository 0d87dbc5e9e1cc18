// Command benchrun is the benchmark suite (`make bench`): it builds
// dagrun and the helpers, installs the peers it can, generates the scenarios,
// times dagrun against make, Task, the Go os/exec floor and go-taskflow in
// alternating runs, and writes BENCHMARKS.md (and bench/out/results.json).
//
//	go run ./bench/cmd/benchrun [-quick] [-profile] [-only cli,lin,lib,load,runs,ui,uptodate,temporal]
//
// Run it from the repository root. Everything it builds, installs or generates
// stays under bench/out/ (ignored by git) and a temporary directory.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// plan is how much the suite measures: the full run, or -quick for a smoke run.
type plan struct {
	Quick         bool          `json:"quick"`
	Ps            []int         `json:"parallelism"`
	CLIRounds     rounds        `json:"cli_rounds"`
	LayeredRounds rounds        `json:"layered_rounds"`
	LinRounds     rounds        `json:"linearity_rounds"`
	LoadRounds    rounds        `json:"load_rounds"`
	LinShapes     []string      `json:"linearity_shapes"`
	LibRounds     int           `json:"lib_rounds"`
	LibMinTime    time.Duration `json:"lib_min_time_ns"`
	LoadSizes     []int         `json:"load_sizes"`
	InstallTask   bool          `json:"install_task"`
}

func fullPlan() plan {
	return plan{
		Ps:            []int{2, 8},
		CLIRounds:     rounds{Min: 3, Max: 7, Budget: time.Minute},
		LayeredRounds: rounds{Min: 2, Max: 3, Budget: time.Minute},
		LinRounds:     rounds{Min: 2, Max: 3, Budget: time.Minute},
		LoadRounds:    rounds{Min: 3, Max: 5, Budget: 30 * time.Second},
		LinShapes:     []string{"wide", "chain"},
		LibRounds:     5, LibMinTime: time.Second, LoadSizes: []int{1000, 10000, 100000}, InstallTask: true,
	}
}

func quickPlan() plan {
	return plan{
		Quick:         true,
		Ps:            []int{8},
		CLIRounds:     rounds{Min: 2, Max: 3, Budget: 20 * time.Second},
		LayeredRounds: rounds{Min: 1, Max: 1},
		LinRounds:     rounds{Min: 1, Max: 1},
		LoadRounds:    rounds{Min: 2, Max: 3, Budget: 10 * time.Second},
		LinShapes:     []string{"wide"},
		LibRounds:     1, LibMinTime: 300 * time.Millisecond, LoadSizes: []int{1000, 10000},
	}
}

// bench is one run of the suite.
type bench struct {
	plan    plan
	root    string // repository root
	out     string // bench/out
	bin     string // bench/out/bin
	work    string // generated scenarios (temporary)
	timer   *timer
	tools   tools
	res     *Results
	started time.Time
	noPeers bool // no phase that compares with Task or go-taskflow runs
}

func main() {
	quick := flag.Bool("quick", false, "smoke run: parallelism 8 only, fewer rounds, no 100k load, no Task install")
	profile := flag.Bool("profile", false, "also write CPU and allocation profiles of the worst gaps to bench/out/profiles")
	only := flag.String("only", "", "comma-separated phases to run: cli, lin, lib, load, runs, ui, uptodate, temporal (default: all); the other phases' results are kept from the last run's results.json, and BENCHMARKS.md is written when that run was a full one of the same plan")
	outMD := flag.String("md", "BENCHMARKS.md", "where to write the report (relative to the repository root); empty: do not write it. With -quick the default is bench/out/BENCHMARKS.quick.md: a smoke run does not replace the full report")
	keep := flag.Bool("keep", false, "keep the generated scenarios")
	render := flag.String("render", "", "measure nothing: rewrite the report from this results.json (after changing the report's format)")
	flag.Parse()

	if *render != "" {
		if err := renderOnly(*render, *outMD); err != nil {
			fmt.Fprintln(os.Stderr, "benchrun:", err)
			os.Exit(1)
		}
		return
	}

	b := &bench{plan: fullPlan(), started: time.Now()}
	if *quick {
		b.plan = quickPlan()
		mdSet := false
		flag.Visit(func(f *flag.Flag) { mdSet = mdSet || f.Name == "md" })
		if !mdSet {
			*outMD = filepath.Join("bench", "out", "BENCHMARKS.quick.md")
		}
	}
	phases := map[string]bool{"cli": true, "lin": true, "lib": true, "load": true, "runs": true, "ui": true, "uptodate": true, "temporal": true}
	if *only != "" {
		phases = map[string]bool{}
		for _, p := range strings.Split(*only, ",") {
			phases[strings.TrimSpace(p)] = true
		}
	}
	// The peers (Task, go-taskflow) are built or installed only for the
	// phases that compare with them.
	b.noPeers = !phases["cli"] && !phases["lin"] && !phases["lib"]
	if err := b.setup(); err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		os.Exit(1)
	}
	if !*keep {
		defer os.RemoveAll(b.work)
	}
	steps := []struct {
		name string
		f    func() error
	}{
		{"cli", b.cliPhase},
		{"lin", b.linearityPhase},
		{"lib", b.libPhase},
		{"load", b.loadPhase},
		{"runs", b.runsPhase},
		{"ui", b.uiPhase},
		{"uptodate", b.upToDatePhase},
		{"temporal", b.temporalPhase},
	}
	merged := false
	if *only != "" {
		merged = b.keepPrevious(phases)
	}
	for _, s := range steps {
		if !phases[s.name] {
			continue
		}
		if err := s.f(); err != nil {
			fmt.Fprintf(os.Stderr, "benchrun: %s: %v\n", s.name, err)
			os.Exit(1)
		}
	}
	if *profile {
		if err := b.profilePhase(); err != nil {
			fmt.Fprintln(os.Stderr, "benchrun: profile:", err)
			os.Exit(1)
		}
	}
	b.res.Machine.LoadAvgEnd = loadAvg()
	b.res.Seconds = time.Since(b.started).Seconds()
	b.res.Targets = b.targets()
	if err := b.writeJSON(); err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		os.Exit(1)
	}
	b.logf("")
	for _, t := range b.res.Targets {
		b.logf("%-8s %-60s %s", t.Status, t.Name, t.Measured)
	}
	if *outMD != "" && (len(phases) == len(steps) || merged) {
		path := filepath.Join(b.root, *outMD)
		if err := os.WriteFile(path, []byte(b.markdown()), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "benchrun:", err)
			os.Exit(1)
		}
		b.logf("wrote %s (%.0f s)", path, b.res.Seconds)
	}
}

// renderOnly rewrites the report from the results of an earlier run.
func renderOnly(resultsPath, md string) error {
	data, err := os.ReadFile(resultsPath)
	if err != nil {
		return err
	}
	res := &Results{}
	if err := json.Unmarshal(data, res); err != nil {
		return fmt.Errorf("%s: %w", resultsPath, err)
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	b := &bench{plan: res.Plan, tools: res.Tools, res: res, root: wd}
	res.Targets = b.targets()
	if md == "" {
		fmt.Print(b.markdown())
		return nil
	}
	return os.WriteFile(filepath.Join(wd, md), []byte(b.markdown()), 0o644)
}

// keepPrevious takes the results of the phases that will not run from the
// last run's results.json, if that run measured them all with the same
// plan, and reports whether it did.
func (b *bench) keepPrevious(run map[string]bool) bool {
	name := "results.json"
	if b.plan.Quick {
		name = "results.quick.json"
	}
	data, err := os.ReadFile(filepath.Join(b.out, name))
	if err != nil {
		return false
	}
	prev := &Results{}
	if err := json.Unmarshal(data, prev); err != nil || prev.Plan.Quick != b.plan.Quick {
		return false
	}
	have := map[string]bool{
		"cli": len(prev.CLI) > 0, "lin": len(prev.Linearity) > 0, "lib": len(prev.Lib) > 0,
		"load": prev.LoadCLI != nil, "runs": prev.Runs != nil, "ui": prev.UI != nil, "uptodate": prev.UpToDate != nil,
		"temporal": prev.Temporal != nil,
	}
	for phase, ok := range have {
		if !ok && !run[phase] {
			return false
		}
	}
	if !run["cli"] {
		b.res.CLI = prev.CLI
	}
	if !run["lin"] {
		b.res.Linearity = prev.Linearity
	}
	if !run["lib"] {
		b.res.Lib, b.res.LibRSS, b.res.Graph = prev.Lib, prev.LibRSS, prev.Graph
	}
	if !run["load"] {
		b.res.Load, b.res.LoadCLI, b.res.LoadProfile = prev.Load, prev.LoadCLI, prev.LoadProfile
	}
	if !run["runs"] {
		b.res.Runs = prev.Runs
	}
	if !run["ui"] {
		b.res.UI = prev.UI
	}
	if !run["uptodate"] {
		b.res.UpToDate = prev.UpToDate
	}
	if !run["temporal"] {
		b.res.Temporal = prev.Temporal
	}
	k := &kept{Date: prev.Machine.Date, Commit: prev.Machine.Commit}
	if prev.Kept != nil { // what the earlier run kept is older still
		k.Date, k.Commit = prev.Kept.Date+" and "+k.Date, prev.Kept.Commit+" and "+k.Commit
	}
	for _, ph := range []string{"cli", "lin", "lib", "load", "runs", "ui", "uptodate", "temporal"} {
		if !run[ph] {
			k.Phases = append(k.Phases, ph)
		}
	}
	b.res.Kept = k
	b.logf("keeping the results of %v from %s (%s)", k.Phases, name, k.Date)
	return true
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

func (b *bench) writeJSON() error {
	data, err := json.MarshalIndent(b.res, "", "  ")
	if err != nil {
		return err
	}
	name := "results.json"
	if b.plan.Quick {
		name = "results.quick.json"
	}
	return os.WriteFile(filepath.Join(b.out, name), data, 0o644)
}

// finite turns NaN into nil for JSON.
func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}
