package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dagrun/dagrun/bench/internal/measure"
	"github.com/dagrun/dagrun/bench/internal/scen"
)

// Results is everything the suite measured (bench/out/results.json).
type Results struct {
	Plan      plan             `json:"plan"`
	Machine   Machine          `json:"machine"`
	Tools     tools            `json:"tools"`
	CLI       []*cliResult     `json:"cli"`
	Linearity []*cliResult     `json:"linearity"`
	Lib       []*libResult     `json:"lib"`
	LibRSS    []*series        `json:"lib_rss"`
	Graph     []measure.Sample `json:"graph"`
	Load      []*loadResult    `json:"load"`
	LoadCLI   *cliResult       `json:"load_cli"`
	// LoadProfile is what the in-process load of the 10,000-pipe file
	// spends its CPU and allocations on.
	LoadProfile *loadProfile    `json:"load_profile,omitempty"`
	Runs        *runsResult     `json:"runs,omitempty"`
	UI          *uiResult       `json:"ui,omitempty"`
	Kept        *kept           `json:"kept,omitempty"` // phases taken from an earlier run (-only)
	UpToDate    *upToDateResult `json:"up_to_date,omitempty"`
	Temporal    *temporalResult `json:"temporal,omitempty"`
	Targets     []target        `json:"targets"`
	Profiles    []profile       `json:"profiles,omitempty"`
	Seconds     float64         `json:"seconds"`
}

// kept says which phases' results an -only run took from an earlier one.
type kept struct {
	Phases []string `json:"phases"`
	Date   string   `json:"date"`
	Commit string   `json:"commit"`
}

// cliResult is one alternating comparison of commands.
type cliResult struct {
	Scenario   string    `json:"scenario"`
	Kind       scen.Kind `json:"kind"`
	Steps      int       `json:"steps"`
	P          int       `json:"parallelism"`
	LowerBound float64   `json:"lower_bound_s,omitempty"`
	Series     []*series `json:"series"`
}

func (c *cliResult) get(name string) *series {
	if c == nil {
		return nil
	}
	for _, s := range c.Series {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Tool names in the CLI tables.
const (
	toolDagrun     = "dagrun"       // text output to a non-terminal (the default)
	toolDagrunJSON = "dagrun-json"  // --output json
	toolDagrunShm  = "dagrun-tmpfs" // --state-dir on tmpfs: what the run state costs on disk
	toolMake       = "make"
	toolTask       = "task"
	toolFloor      = "floor"
)

// cliShapes are the CLI scenarios.
func cliShapes() []scen.Shape {
	return []scen.Shape{scen.NewWide(1000), scen.NewChain(1000), scen.NewLayered(10, 100)}
}

// writeScenario generates a scenario's pipeline.hcl, Makefile and Taskfile.yml.
func (b *bench) writeScenario(s scen.Shape) (string, error) {
	dir := filepath.Join(b.work, s.Name())
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for name, data := range map[string][]byte{"pipeline.hcl": s.HCL(), "Makefile": s.Makefile(), "Taskfile.yml": s.Taskfile()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

func (b *bench) dagrunCmd(name, dir string, p int, extra ...string) command {
	argv := append([]string{b.tools.Dagrun.Path, "apply", "--parallelism", strconv.Itoa(p)}, extra...)
	return command{Name: name, Dir: dir, Argv: append(argv, "pipeline.hcl")}
}

func (b *bench) floorCmd(name, dir string, s scen.Shape, p int) command {
	return command{Name: name, Dir: dir, Argv: []string{b.tools.Floor.Path, "-shape", string(s.Kind),
		"-n", strconv.Itoa(s.N), "-levels", strconv.Itoa(s.Levels), "-width", strconv.Itoa(s.Width), "-p", strconv.Itoa(p)}}
}

// cliPhase: wide, chain and layered at each parallelism, dagrun (text and JSON
// output) against make -jN, Task and the floor.
func (b *bench) cliPhase() error {
	for _, s := range cliShapes() {
		dir, err := b.writeScenario(s)
		if err != nil {
			return err
		}
		for _, p := range b.plan.Ps {
			cmds := []command{b.dagrunCmd(toolDagrun, dir, p)}
			if s.Kind != scen.Layered { // the output mode is noise next to 10 s of sleeps
				cmds = append(cmds, b.dagrunCmd(toolDagrunJSON, dir, p, "--output", "json"))
				if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
					st := filepath.Join("/dev/shm", "dagrun-bench-state-"+filepath.Base(b.work))
					c := b.dagrunCmd(toolDagrunShm, dir, p, "--state-dir", st)
					c.Clean = []string{st}
					cmds = append(cmds, c)
				}
			}
			if b.tools.Make.ok() {
				cmds = append(cmds, command{Name: toolMake, Dir: dir, Argv: []string{b.tools.Make.Path, "-j" + strconv.Itoa(p), "-s", "-f", "Makefile"}})
			}
			if b.tools.Task.ok() {
				cmds = append(cmds, command{Name: toolTask, Dir: dir, Argv: []string{b.tools.Task.Path, "--concurrency", strconv.Itoa(p), "--silent", "--taskfile", "Taskfile.yml"}})
			}
			cmds = append(cmds, b.floorCmd(toolFloor, dir, s, p))
			rr := b.plan.CLIRounds
			if s.Kind == scen.Layered {
				rr = b.plan.LayeredRounds
				if p < 4 && b.plan.Quick {
					continue
				}
			}
			b.logf("cli %s -j%d: %d commands", s.Name(), p, len(cmds))
			r := &cliResult{Scenario: s.Name(), Kind: s.Kind, Steps: s.Steps(), P: p, Series: b.timer.alternate(cmds, rr, true)}
			if s.Work > 0 {
				r.LowerBound = s.LowerBound(p)
			}
			b.res.CLI = append(b.res.CLI, r)
		}
	}
	return nil
}

// linearityPhase: 10,000 steps against 1,000 at parallelism 8, dagrun and the
// floor, in one alternation.
func (b *bench) linearityPhase() error {
	const p = 8
	for _, kind := range b.plan.LinShapes {
		var small, large scen.Shape
		switch scen.Kind(kind) {
		case scen.Wide:
			small, large = scen.NewWide(1000), scen.NewWide(10000)
		case scen.Chain:
			small, large = scen.NewChain(1000), scen.NewChain(10000)
		default:
			return fmt.Errorf("unknown linearity shape %q", kind)
		}
		ds, err := b.writeScenario(small)
		if err != nil {
			return err
		}
		dl, err := b.writeScenario(large)
		if err != nil {
			return err
		}
		cmds := []command{
			b.dagrunCmd(toolDagrun+"-1k", ds, p), b.dagrunCmd(toolDagrun+"-10k", dl, p),
			b.floorCmd(toolFloor+"-1k", ds, small, p), b.floorCmd(toolFloor+"-10k", dl, large, p),
		}
		b.logf("linearity %s 1k vs 10k -j%d", kind, p)
		b.res.Linearity = append(b.res.Linearity, &cliResult{Scenario: kind + "-1k-vs-10k", Kind: scen.Kind(kind), Steps: 10000, P: p,
			Series: b.timer.alternate(cmds, b.plan.LinRounds, false)})
	}
	return nil
}

// libResult is one library shape: samples per variant, one per round.
type libResult struct {
	Shape    string                      `json:"shape"`
	Nodes    int                         `json:"nodes"`
	Edges    int                         `json:"edges"`
	P        int                         `json:"parallelism"`
	Variants map[string][]measure.Sample `json:"variants"`
	Errors   map[string]string           `json:"errors,omitempty"`
}

// Library variants.
const (
	libDagrun   = "dagrun"
	libMetrics  = "dagrun+metrics"
	libTaskflow = "go-taskflow"
	// libFloor is libbench building and running a graph of one node: what
	// the process takes before the graph's size counts (peak RSS).
	libFloor = "dagrun, 1 node"
)

// median of a variant's per-round medians, per node (or per edge).
func (l *libResult) nsPerNode(variant string) float64 {
	return medianOf(l.Variants[variant], func(s measure.Sample) float64 { return s.NsPerNode })
}

// nsPerNodeRange is the least and the most per node over a variant's rounds.
func (l *libResult) nsPerNodeRange(variant string) (lo, hi float64) {
	ss := l.Variants[variant]
	if len(ss) == 0 {
		return math.NaN(), math.NaN()
	}
	byNs := func(a, b measure.Sample) int { return cmp.Compare(a.NsPerNode, b.NsPerNode) }
	return slices.MinFunc(ss, byNs).NsPerNode, slices.MaxFunc(ss, byNs).NsPerNode
}

func (l *libResult) nsPerEdge(variant string) float64 {
	return medianOf(l.Variants[variant], func(s measure.Sample) float64 { return s.NsPerEdge })
}

func (l *libResult) allocsPerNode(variant string) float64 {
	return medianOf(l.Variants[variant], func(s measure.Sample) float64 { return s.AllocsPerNode })
}

func (l *libResult) bytesPerNode(variant string) float64 {
	return medianOf(l.Variants[variant], func(s measure.Sample) float64 { return s.BytesPerNode })
}

// ratio is the median over rounds of a's time / b's time in the same round.
func (l *libResult) ratio(a, b string) float64 {
	sa, sb := l.Variants[a], l.Variants[b]
	var rs []float64
	for i := range min(len(sa), len(sb)) {
		if sb[i].NsPerOp > 0 {
			rs = append(rs, sa[i].NsPerOp/sb[i].NsPerOp)
		}
	}
	if len(rs) == 0 {
		return math.NaN()
	}
	return measure.Median(rs)
}

func medianOf(ss []measure.Sample, f func(measure.Sample) float64) float64 {
	if len(ss) == 0 {
		return math.NaN()
	}
	xs := make([]float64, len(ss))
	for i, s := range ss {
		xs[i] = f(s)
	}
	return measure.Median(xs)
}

// libShapes are the library graphs.
func libShapes() []scen.Lib {
	return []scen.Lib{scen.LibWide(100_000), scen.LibChain(100_000), scen.LibLayered(100, 100, 100)}
}

func libArgs(l scen.Lib) []string {
	return []string{"-shape", string(l.Kind), "-n", strconv.Itoa(l.N), "-levels", strconv.Itoa(l.Levels),
		"-width", strconv.Itoa(l.Width), "-fanin", strconv.Itoa(l.FanIn)}
}

// libPhase: each library shape with and without the metrics collector and on
// go-taskflow, one process per measurement, alternating over rounds; then peak
// RSS of a 100k chain, and graph build + validation of 100k nodes / ~1M edges.
func (b *bench) libPhase() error {
	const p = 8
	mt := b.plan.LibMinTime.String()
	for _, l := range libShapes() {
		r := &libResult{Shape: l.Name(), Nodes: l.Nodes(), Edges: l.Edges(), P: p, Variants: map[string][]measure.Sample{}, Errors: map[string]string{}}
		variants := []struct {
			name string
			argv []string
		}{
			{libDagrun, append([]string{b.tools.Libbench.Path, "-mode", "run", "-p", strconv.Itoa(p), "-mintime", mt}, libArgs(l)...)},
			{libMetrics, append([]string{b.tools.Libbench.Path, "-mode", "run", "-metrics", "-p", strconv.Itoa(p), "-mintime", mt}, libArgs(l)...)},
		}
		if b.tools.Taskflow.ok() {
			variants = append(variants, struct {
				name string
				argv []string
			}{libTaskflow, append([]string{b.tools.Taskflow.Path, "-p", strconv.Itoa(p), "-mintime", mt}, libArgs(l)...)})
		}
		b.logf("lib %s: %d rounds of %d variants", l.Name(), b.plan.LibRounds, len(variants))
		for round := range b.plan.LibRounds {
			for k := range variants {
				v := variants[(k+round)%len(variants)]
				if r.Errors[v.name] != "" {
					continue
				}
				s, err := sampleOf(b.root, v.argv)
				if err != nil {
					r.Errors[v.name] = err.Error()
					b.logf("  %-16s FAILED: %v", v.name, err)
					continue
				}
				r.Variants[v.name] = append(r.Variants[v.name], s)
			}
		}
		for _, v := range variants {
			if len(r.Variants[v.name]) > 0 {
				b.logf("  %-16s %8.1f ns/node  %6.2f ns/edge  %5.1f allocs/node  %6.0f B/node", v.name, r.nsPerNode(v.name), r.nsPerEdge(v.name), r.allocsPerNode(v.name), r.bytesPerNode(v.name))
			}
		}
		b.res.Lib = append(b.res.Lib, r)
	}

	// Peak RSS of one 100k chain (build + run), each in a fresh process.
	chain := scen.LibChain(100_000)
	rss := []command{
		{Name: libMetrics, Dir: b.root, Argv: append([]string{b.tools.Libbench.Path, "-mode", "run", "-metrics", "-once", "-p", strconv.Itoa(p)}, libArgs(chain)...)},
		{Name: libDagrun, Dir: b.root, Argv: append([]string{b.tools.Libbench.Path, "-mode", "run", "-once", "-p", strconv.Itoa(p)}, libArgs(chain)...)},
	}
	if b.tools.Taskflow.ok() {
		rss = append(rss, command{Name: libTaskflow, Dir: b.root, Argv: append([]string{b.tools.Taskflow.Path, "-once", "-p", strconv.Itoa(p)}, libArgs(chain)...)})
	}
	rss = append(rss, command{Name: libFloor, Dir: b.root, Argv: append([]string{b.tools.Libbench.Path, "-mode", "run", "-once", "-p", strconv.Itoa(p)}, libArgs(scen.LibChain(1))...)})
	b.logf("lib peak RSS of a 100k chain")
	b.res.LibRSS = b.timer.alternate(rss, rounds{}, true)

	// Graph build + validation: 100k nodes, ~1M edges.
	b.logf("graph build + validation, 1000 levels x 100, fan-in 10")
	s, err := sampleOf(b.root, []string{b.tools.Libbench.Path, "-mode", "graph", "-levels", "1000", "-width", "100", "-fanin", "10", "-mintime", mt})
	if err != nil {
		return fmt.Errorf("graph build: %v", err)
	}
	b.logf("  %s: %.3f s", s.Name, s.NsPerOp/1e9)
	b.res.Graph = append(b.res.Graph, s)
	return nil
}

// sampleOf runs a benchmark program and reads the JSON sample it prints.
func sampleOf(dir string, argv []string) (measure.Sample, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	var stderr tailBuffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return measure.Sample{}, fmt.Errorf("%v: %s", err, stderr.String())
	}
	var s measure.Sample
	lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
	if err := json.Unmarshal(lines[len(lines)-1], &s); err != nil {
		return s, fmt.Errorf("reading the result: %v", err)
	}
	return s, nil
}

// loadResult is the in-process load + graph of a generated file.
type loadResult struct {
	Pipes  int             `json:"pipes"`
	Bytes  int             `json:"bytes"`
	File   string          `json:"file"`
	Sample *measure.Sample `json:"sample,omitempty"`
	Err    string          `json:"error,omitempty"`
}

// loadPhase: generated files of 1k, 10k (and 100k) pipes, loaded and graphed in
// process, and `dagrun plan` / `dagrun validate` on them from the CLI.
func (b *bench) loadPhase() error {
	dir := filepath.Join(b.work, "load")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var cmds, big []command
	for _, n := range b.plan.LoadSizes {
		name := fmt.Sprintf("load-%d.hcl", n)
		src := scen.LoadHCL(n)
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			return err
		}
		lr := &loadResult{Pipes: n, Bytes: len(src), File: name}
		argv := []string{b.tools.Libbench.Path, "-mode", "load", "-file", filepath.Join(dir, name), "-mintime", b.plan.LibMinTime.String()}
		if n >= 100_000 {
			argv = append(argv, "-maxiters", "1")
		}
		b.logf("load %s (%d kB) in process", name, len(src)/1024)
		s, err := sampleOf(b.root, argv)
		if err != nil {
			lr.Err = err.Error()
			b.logf("  FAILED: %v", err)
		} else {
			lr.Sample = &s
			b.logf("  load %.3f s + graph %.3f s = %.3f s (%.1f µs/pipe)", s.Extra["load_ns"]/1e9, s.Extra["graph_ns"]/1e9, s.NsPerOp/1e9, s.NsPerNode/1e3)
		}
		b.res.Load = append(b.res.Load, lr)
		plan := command{Name: fmt.Sprintf("plan-%d", n), Dir: dir, Argv: []string{b.tools.Dagrun.Path, "plan", name}}
		if n >= 100_000 {
			big = append(big, plan)
			continue
		}
		cmds = append(cmds, plan)
		if n == 10_000 {
			cmds = append(cmds, command{Name: fmt.Sprintf("validate-%d", n), Dir: dir, Argv: []string{b.tools.Dagrun.Path, "validate", name}})
		}
	}
	if n := 10_000; slices.Contains(b.plan.LoadSizes, n) {
		b.logf("profile the load of load-%d.hcl", n)
		lp, err := b.profileLoad(dir, filepath.Join(dir, fmt.Sprintf("load-%d.hcl", n)), n)
		if err != nil {
			b.logf("  FAILED: %v", err)
		}
		b.res.LoadProfile = lp
	}
	b.logf("load from the CLI")
	b.res.LoadCLI = &cliResult{Scenario: "load", Series: b.timer.alternate(cmds, b.plan.LoadRounds, true)}
	if len(big) > 0 {
		b.res.LoadCLI.Series = append(b.res.LoadCLI.Series, b.timer.alternate(big, rounds{Min: 1, Max: 1}, true)...)
	}
	return nil
}

// loadProfile is the top of the CPU and allocation profiles of the
// in-process load of one generated file (libbench -mode load).
type loadProfile struct {
	Pipes  int        `json:"pipes"`
	CPU    []topEntry `json:"cpu"`     // CPU time, by flat share
	CPUCum []topEntry `json:"cpu_cum"` // CPU time, by cumulative share
	Alloc  []topEntry `json:"alloc"`   // allocated bytes, by flat share
}

// topEntry is one line of `go tool pprof -top`: a function, its flat value
// as pprof printed it (a time or a size), and its flat and cumulative shares
// of the profile, in percent.
type topEntry struct {
	Name  string  `json:"name"`
	Value string  `json:"flat"`
	Flat  float64 `json:"flat_pct"`
	Cum   float64 `json:"cum_pct"`
}

// profileLoad profiles the load of file (pipes pipes) in libbench: CPU, then
// allocations, in separate runs (sampling every allocation finely costs CPU).
func (b *bench) profileLoad(dir, file string, pipes int) (*loadProfile, error) {
	lb := b.tools.Libbench.Path
	lp := &loadProfile{Pipes: pipes}
	for _, k := range []struct {
		name, sample string
		argv         []string
		out, cum     *[]topEntry
	}{
		{"cpu", "", []string{"-mintime", "3s", "-cpuprofile"}, &lp.CPU, &lp.CPUCum},
		{"alloc", "alloc_space", []string{"-mintime", "1s", "-memprofilerate", "4096", "-memprofile"}, &lp.Alloc, nil},
	} {
		prof := filepath.Join(dir, fmt.Sprintf("load-%d.%s.pprof", pipes, k.name))
		argv := append([]string{lb, "-mode", "load", "-file", file}, append(k.argv, prof)...)
		if _, err := sampleOf(b.root, argv); err != nil {
			return nil, fmt.Errorf("%s profile: %v", k.name, err)
		}
		top := func(extra ...string) ([]topEntry, error) {
			args := append([]string{"tool", "pprof", "-top"}, extra...)
			if k.sample != "" {
				args = append(args, "-sample_index", k.sample)
			}
			out, err := goCmd(b.root, nil, append(args, lb, prof)...)
			if err != nil {
				return nil, fmt.Errorf("pprof: %v: %s", err, out)
			}
			return parseTop(out), nil
		}
		var err error
		if *k.out, err = top("-nodecount", "12"); err != nil {
			return nil, err
		}
		if k.cum != nil {
			if *k.cum, err = top("-cum", "-nodecount", "80"); err != nil {
				return nil, err
			}
		}
	}
	return lp, nil
}

// parseTop reads the entries of the output of `go tool pprof -top`.
func parseTop(out string) []topEntry {
	var entries []topEntry
	inTable := false
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		if !inTable {
			inTable = len(f) >= 5 && f[0] == "flat" && f[1] == "flat%"
			continue
		}
		if len(f) < 6 {
			continue
		}
		flat, err1 := strconv.ParseFloat(strings.TrimSuffix(f[1], "%"), 64)
		cum, err2 := strconv.ParseFloat(strings.TrimSuffix(f[4], "%"), 64)
		if err1 != nil || err2 != nil {
			continue
		}
		entries = append(entries, topEntry{Name: strings.Join(f[5:], " "), Value: f[0], Flat: flat, Cum: cum})
	}
	return entries
}

// profile is a pprof profile the suite wrote, with its top functions.
type profile struct {
	Name string `json:"name"`
	File string `json:"file"`
	Top  string `json:"top"`
}

// profilePhase writes CPU and allocation profiles of the worst gaps: the CLI's
// wide and chain (in process, since the dagrun binary has no profiling flag), and
// the executor's per-node cost with the metrics collector.
func (b *bench) profilePhase() error {
	dir := filepath.Join(b.out, "profiles")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	wide, err := b.writeScenario(scen.NewWide(1000))
	if err != nil {
		return err
	}
	chain, err := b.writeScenario(scen.NewChain(1000))
	if err != nil {
		return err
	}
	lb := b.tools.Libbench.Path
	// CPU and allocation profiles come from separate runs: sampling every
	// allocation finely costs CPU that would show in the CPU profile.
	type job struct {
		name, kind string // kind: cpu, alloc (alloc_space of the measured loop), heap (in use after the run)
		argv       []string
	}
	var jobs []job
	for _, j := range []struct {
		name string
		argv []string
	}{
		{"apply-wide-1000", []string{lb, "-mode", "apply", "-file", filepath.Join(wide, "pipeline.hcl"), "-p", "8", "-mintime", "5s"}},
		{"apply-chain-1000", []string{lb, "-mode", "apply", "-file", filepath.Join(chain, "pipeline.hcl"), "-p", "8", "-mintime", "5s"}},
		{"lib-wide-100k-metrics", append([]string{lb, "-mode", "run", "-metrics", "-p", "8", "-mintime", "3s"}, libArgs(scen.LibWide(100_000))...)},
		{"lib-chain-100k-metrics", append([]string{lb, "-mode", "run", "-metrics", "-p", "8", "-mintime", "3s"}, libArgs(scen.LibChain(100_000))...)},
		{"lib-layered-10k-1M-metrics", append([]string{lb, "-mode", "run", "-metrics", "-p", "8", "-mintime", "3s"}, libArgs(scen.LibLayered(100, 100, 100))...)},
	} {
		jobs = append(jobs, job{j.name, "cpu", j.argv}, job{j.name, "alloc", j.argv})
	}
	jobs = append(jobs, job{"lib-wide-100k", "cpu", append([]string{lb, "-mode", "run", "-p", "8", "-mintime", "3s"}, libArgs(scen.LibWide(100_000))...)})
	jobs = append(jobs, job{"lib-chain-100k", "cpu", append([]string{lb, "-mode", "run", "-p", "8", "-mintime", "3s"}, libArgs(scen.LibChain(100_000))...)})
	for _, metrics := range []string{"-metrics=true", "-metrics=false"} {
		name := "lib-chain-100k-once" + map[string]string{"-metrics=true": "-metrics", "-metrics=false": ""}[metrics]
		jobs = append(jobs, job{name, "heap", append([]string{lb, "-mode", "run", metrics, "-once", "-p", "8"}, libArgs(scen.LibChain(100_000))...)})
	}
	for _, j := range jobs {
		file := filepath.Join(dir, j.name+"."+j.kind+".pprof")
		argv := append([]string{}, j.argv...)
		sample := ""
		switch j.kind {
		case "cpu":
			argv = append(argv, "-cpuprofile", file)
		case "alloc":
			argv = append(argv, "-memprofile", file, "-memprofilerate", "4096", "-mintime", "1s")
			sample = "alloc_space"
		case "heap":
			argv = append(argv, "-heapprofile", file, "-memprofilerate", "4096")
			sample = "inuse_space"
		}
		b.logf("profile %s (%s)", j.name, j.kind)
		start := time.Now()
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = b.root
		devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		cmd.Stdout = devnull // apply's view lines, and the samples: the numbers come from the suite's phases
		var stderr tailBuffer
		cmd.Stderr = &stderr
		err = cmd.Run()
		devnull.Close()
		if err != nil {
			return fmt.Errorf("%s: %v: %s", j.name, err, stderr.String())
		}
		args := []string{"tool", "pprof", "-top", "-nodecount", "30"}
		if sample != "" {
			args = append(args, "-sample_index", sample)
		}
		top, _ := goCmd(b.root, nil, append(args, lb, file)...)
		b.res.Profiles = append(b.res.Profiles, profile{Name: j.name + " " + j.kind, File: file, Top: top})
		if err := os.WriteFile(strings.TrimSuffix(file, ".pprof")+".top.txt", []byte(top), 0o644); err != nil {
			return err
		}
		b.logf("  %.1f s", time.Since(start).Seconds())
	}
	return nil
}
