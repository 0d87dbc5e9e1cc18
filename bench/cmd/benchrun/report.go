package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// target is one goal of the suite and how the run fared against it.
type target struct {
	Group    string            `json:"group"` // cli, lib, load
	Name     string            `json:"name"`
	Limit    string            `json:"limit"`
	Measured string            `json:"measured"`        // single-valued targets
	PerP     map[string]string `json:"per_p,omitempty"` // CLI targets: "-j2" → value
	Status   string            `json:"status"`          // met, NOT MET, not measured
	Note     string            `json:"note,omitempty"`
}

const (
	met        = "met"
	notMet     = "NOT MET"
	notMeasure = "not measured"
)

// check is one measured value against a limit (le: at most, else at least).
type check struct {
	v     float64
	limit float64
	le    bool
}

func (c check) ok() bool {
	if c.le {
		return c.v <= c.limit
	}
	return c.v >= c.limit
}

func status(cs []check) string {
	if len(cs) == 0 {
		return notMeasure
	}
	for _, c := range cs {
		if math.IsNaN(c.v) {
			return notMeasure
		}
	}
	for _, c := range cs {
		if !c.ok() {
			return notMet
		}
	}
	return met
}

func (b *bench) cli(kind string, p int) *cliResult {
	for _, r := range b.res.CLI {
		if string(r.Kind) == kind && r.P == p {
			return r
		}
	}
	return nil
}

func (b *bench) lib(kind string) *libResult {
	for _, r := range b.res.Lib {
		if strings.HasPrefix(r.Shape, kind) {
			return r
		}
	}
	return nil
}

func fx(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.2f×", v)
}

func fs(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.3f s", v)
}

func fmb(kb int64) string {
	if kb <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f MB", float64(kb)/1024)
}

// fus shows seconds as microseconds.
func fus(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.0f µs", v*1e6)
}

func fns(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	if v >= 1000 {
		return fmt.Sprintf("%.2f µs", v/1000)
	}
	return fmt.Sprintf("%.1f ns", v)
}

// targets evaluates the suite's targets on what was measured.
func (b *bench) targets() []target {
	var ts []target
	// perP evaluates a CLI target per parallelism and scenario kind. f gives
	// the target's value for a tool; with floor set, the os/exec floor's own
	// value is shown beside dagrun's. A limit the floor itself misses cannot
	// be met by any engine that spawns the same processes on this machine,
	// and the target says so.
	perP := func(name, limit string, f func(r *cliResult, tool string) (float64, string), lim float64, le, floor bool, kinds ...string) {
		t := target{Group: "cli", Name: name, Limit: limit, PerP: map[string]string{}}
		var cs []check
		floorMisses := false
		for _, p := range b.plan.Ps {
			var parts []string
			for _, k := range kinds {
				r := b.cli(k, p)
				if r == nil {
					continue
				}
				v, shown := f(r, toolDagrun)
				cs = append(cs, check{v, lim, le})
				if floor {
					fv, fshown := f(r, toolFloor)
					shown += " (floor " + fshown + ")"
					if c := (check{fv, lim, le}); !math.IsNaN(fv) && !c.ok() {
						floorMisses = true
					}
				}
				if len(kinds) > 1 {
					shown = k + " " + shown
				}
				parts = append(parts, shown)
			}
			if len(parts) > 0 {
				t.PerP[fmt.Sprintf("-j%d", p)] = strings.Join(parts, ", ")
			}
		}
		t.Status = status(cs)
		if t.Status == notMet && floorMisses {
			t.Note = "the os/exec floor misses it too in some cells: out of reach there for any engine that spawns the processes"
		}
		ts = append(ts, t)
	}
	// over is a tool's time over another's (tool "" stands for the one evaluated).
	over := func(a, bn string) func(r *cliResult, tool string) (float64, string) {
		return func(r *cliResult, tool string) (float64, string) {
			num, den := a, bn
			if num == "" {
				num = tool
			}
			if den == "" {
				den = tool
			}
			v := pairedRatio(r.get(num), r.get(den))
			return v, fx(v)
		}
	}
	for _, k := range []string{"wide", "chain", "layered"} {
		perP(k+": dagrun ≤ 1.10× the os/exec floor", "≤ 1.10×", over("", toolFloor), 1.10, true, false, k)
	}
	perP("dagrun's own CPU per exec pipe ≤ 1.5× the floor's own CPU per process (children excluded)", "≤ 1.50×", func(r *cliResult, tool string) (float64, string) {
		d, f := r.get(toolDagrun), r.get(toolFloor)
		if !d.ok() || !f.ok() {
			return math.NaN(), "–"
		}
		v := d.MedianOwnCPU() / f.MedianOwnCPU()
		if math.IsNaN(v) {
			return v, "–"
		}
		return v, fmt.Sprintf("%s (%s / %s per pipe)", fx(v), fus(d.MedianOwnCPU()/float64(r.Steps)), fus(f.MedianOwnCPU()/float64(r.Steps)))
	}, 1.5, true, false, "wide", "chain", "layered")
	perP("layered: makespan ≤ 1.1× max(work/P, critical path)", "≤ 1.10×", func(r *cliResult, tool string) (float64, string) {
		s := r.get(tool)
		if !s.ok() || r.LowerBound == 0 {
			return math.NaN(), "–"
		}
		v := s.Median() / r.LowerBound
		if tool != toolDagrun {
			return v, fx(v)
		}
		return v, fmt.Sprintf("%s (%.2f s / %.2f s)", fx(v), s.Median(), r.LowerBound)
	}, 1.1, true, true, "layered")
	if b.tools.Task.ok() {
		perP("≥ 2.5× faster than Task (task time / dagrun time)", "≥ 2.50×", over(toolTask, ""), 2.5, false, true, "wide", "chain")
	} else {
		ts = append(ts, target{Group: "cli", Name: "≥ 2.5× faster than Task", Limit: "≥ 2.50×", Status: notMeasure, Note: "Task skipped: " + b.tools.Task.Skipped})
	}

	// Peak RSS over every 1000-step run of dagrun.
	var rss int64
	for _, r := range b.res.CLI {
		for _, n := range []string{toolDagrun, toolDagrunJSON, toolDagrunShm} {
			if s := r.get(n); s != nil && r.Steps == 1000 && s.Err == "" {
				rss = max(rss, s.RSSKB)
			}
		}
	}
	t := target{Group: "lib", Name: "CLI peak RSS, 1000 steps (max over scenarios)", Limit: "≤ 20 MB", Measured: fmb(rss)}
	if rss > 0 {
		t.Status = status([]check{{float64(rss) / 1024, 20, true}})
	} else {
		t.Status = notMeasure
	}
	ts = append(ts, t)
	for _, r := range b.res.Linearity {
		v := pairedRatio(r.get(toolDagrun+"-10k"), r.get(toolDagrun+"-1k"))
		f := pairedRatio(r.get(toolFloor+"-10k"), r.get(toolFloor+"-1k"))
		ts = append(ts, target{Group: "lib", Name: fmt.Sprintf("CLI %s: time at 10k steps / time at 1k (-j%d)", r.Kind, r.P), Limit: "≤ 11×",
			Measured: fmt.Sprintf("%s (floor %s)", fx(v), fx(f)), Status: status([]check{{v, 11, true}})})
	}
	if len(b.res.Linearity) == 0 {
		ts = append(ts, target{Group: "lib", Name: "CLI: time at 10k steps / time at 1k", Limit: "≤ 11×", Status: notMeasure})
	}

	// Library.
	for _, k := range []struct {
		kind         string
		with, withou float64
	}{{"wide", 200, 120}, {"chain", 150, 100}} {
		r := b.lib(k.kind)
		t := target{Group: "lib", Name: fmt.Sprintf("library %s 100k: per node with metrics attached (without)", k.kind), Limit: fmt.Sprintf("≤ %.0f ns (≤ %.0f ns)", k.with, k.withou)}
		if r == nil {
			t.Status = notMeasure
		} else {
			v, w := r.nsPerNode(libMetrics), r.nsPerNode(libDagrun)
			lo, hi := r.nsPerNodeRange(libMetrics)
			t.Measured = fmt.Sprintf("%s, rounds %s–%s (without %s)", fns(v), fns(lo), fns(hi), fns(w))
			t.Status = status([]check{{v, k.with, true}, {w, k.withou, true}})
		}
		ts = append(ts, t)
	}
	if r := b.lib("layered"); r != nil {
		v := r.nsPerEdge(libMetrics)
		ts = append(ts, target{Group: "lib", Name: fmt.Sprintf("library layered %d nodes / %d edges, metrics: per edge", r.Nodes, r.Edges), Limit: "≤ 10 ns",
			Measured: fmt.Sprintf("%s (without metrics %s)", fns(v), fns(r.nsPerEdge(libDagrun))), Status: status([]check{{v, 10, true}})})
	} else {
		ts = append(ts, target{Group: "lib", Name: "library layered: per edge", Limit: "≤ 10 ns", Status: notMeasure})
	}
	for _, k := range []struct {
		kind string
		lim  float64
	}{{"wide", 4}, {"chain", 6}} {
		r := b.lib(k.kind)
		t := target{Group: "lib", Name: fmt.Sprintf("library %s: faster than go-taskflow (its time / dagrun+metrics time)", k.kind), Limit: fmt.Sprintf("≥ %.0f×", k.lim)}
		switch {
		case !b.tools.Taskflow.ok():
			t.Status, t.Note = notMeasure, "go-taskflow skipped: "+b.tools.Taskflow.Skipped
		case r == nil:
			t.Status = notMeasure
		default:
			v := r.ratio(libTaskflow, libMetrics)
			t.Measured = fmt.Sprintf("%s (without metrics %s)", fx(v), fx(r.ratio(libTaskflow, libDagrun)))
			t.Status = status([]check{{v, k.lim, false}})
		}
		ts = append(ts, t)
	}
	t = target{Group: "lib", Name: "library 100k chain: peak RSS with metrics (without)", Limit: "≤ 60 MB (≤ 30 MB)", Status: notMeasure}
	rssOf := map[string]int64{}
	for _, s := range b.res.LibRSS {
		if s.Err == "" && s.RSSKB > 0 {
			rssOf[s.Name] = s.RSSKB
		}
	}
	if v, ok := rssOf[libMetrics]; ok {
		t.Measured = fmt.Sprintf("%s (without metrics %s, go-taskflow %s)", fmb(v), fmb(rssOf[libDagrun]), fmb(rssOf[libTaskflow]))
		t.Status = status([]check{{float64(v) / 1024, 60, true}, {float64(rssOf[libDagrun]) / 1024, 30, true}})
	}
	ts = append(ts, t)

	// Load.
	for _, n := range []struct {
		pipes   int
		s, mb   float64
		limitMB string
	}{{10000, 0.5, 80, "80 MB"}, {100000, 5, 800, "800 MB"}} {
		t = target{Group: "load", Name: fmt.Sprintf("%d-pipe file: `dagrun plan` (load + plan, whole process): time, peak RSS", n.pipes),
			Limit: fmt.Sprintf("≤ %s s, ≤ %s", strconv.FormatFloat(n.s, 'f', -1, 64), n.limitMB), Status: notMeasure}
		if s := b.res.LoadCLI.get(fmt.Sprintf("plan-%d", n.pipes)); s.ok() {
			t.Measured = fmt.Sprintf("%s, %s", fs(s.Median()), fmb(s.RSSKB))
			t.Status = status([]check{{s.Median(), n.s, true}, {float64(s.RSSKB) / 1024, n.mb, true}})
		}
		ts = append(ts, t)
	}
	t = target{Group: "load", Name: "graph build + validation, 100k nodes / ~1M edges", Limit: "≤ 0.5 s", Status: notMeasure}
	if len(b.res.Graph) > 0 {
		v := b.res.Graph[0].NsPerOp / 1e9
		t.Measured = fmt.Sprintf("%s (%d edges)", fs(v), b.res.Graph[0].Edges)
		t.Status = status([]check{{v, 0.5, true}})
	}
	ts = append(ts, t)
	ts = append(ts, b.serveTargets()...)
	ts = append(ts, b.upToDateTargets()...)
	return append(ts, b.temporalTargets()...)
}

// markdown renders BENCHMARKS.md.
func (b *bench) markdown() string {
	var w strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&w, format+"\n", args...) }
	m := b.res.Machine
	mode := "full run"
	if b.plan.Quick {
		mode = "QUICK smoke run (fewer rounds, -j8 only): indicative, not a verdict"
	}
	p("# Benchmarks")
	p("")
	p("Generated by `make bench` (`bench/cmd/benchrun`) on %s, %s, in %.0f s. Do not edit by hand: rerun the suite.", m.Date, mode, b.res.Seconds)
	if k := b.res.Kept; k != nil {
		p("The phases %s were not measured again in this run: their results are those of the run of %s (commit %s).", strings.Join(k.Phases, ", "), k.Date, k.Commit)
	}
	p("Targets are the goals the project set for its speed. Ratios are medians of per-round ratios: the commands of a round run back to back, in an order that rotates every round, so the drift of a shared machine cancels out.")
	if busy(m.LoadAvgStart, m.CPUs) || busy(m.LoadAvgEnd, m.CPUs) {
		p("")
		p("⚠ The machine was busy (1-minute load average %s at the start, %s at the end, on %d CPUs). Under contention the scheduler shares CPU per thread, so the single-threaded make loses more than dagrun, Task and the floor, which run on several threads: ratios to make flatter dagrun. Compare with the floor, or rerun on a quiet machine.", firstField(m.LoadAvgStart), firstField(m.LoadAvgEnd), m.CPUs)
	}
	p("")
	p("## Targets")
	p("")
	p("In the CLI targets, (floor …) is the same ratio with the os/exec floor (`bench/cmd/floor`) in dagrun's place: what an engine with no cost of its own would get. A limit that the floor itself misses cannot be met on this machine by any engine that spawns the same processes.")
	p("")
	p("| target | limit | %s | status |", strings.Join(pHeads(b.plan.Ps), " | "))
	p("|---|---|%s---|", strings.Repeat("---|", len(b.plan.Ps)))
	for _, t := range b.res.Targets {
		if t.Group != "cli" {
			continue
		}
		var cells []string
		for _, h := range pHeads(b.plan.Ps) {
			c := t.PerP[h]
			if c == "" {
				c = "–"
			}
			cells = append(cells, c)
		}
		p("| %s | %s | %s | %s |", t.Name, t.Limit, strings.Join(cells, " | "), statusCell(t))
	}
	p("")
	p("| target | limit | measured | status |")
	p("|---|---|---|---|")
	for _, t := range b.res.Targets {
		if t.Group == "cli" {
			continue
		}
		meas := t.Measured
		if meas == "" {
			meas = "–"
		}
		p("| %s | %s | %s | %s |", t.Name, t.Limit, meas, statusCell(t))
	}
	p("")
	p("## Machine")
	p("")
	p("| | |")
	p("|---|---|")
	p("| CPUs (nproc) | %d |", m.CPUs)
	p("| model name | %s |", m.Model)
	p("| kernel | %s |", m.Kernel)
	p("| Go | %s |", m.Go)
	p("| date | %s |", m.Date)
	p("| dagrun | %s, commit %s |", b.tools.Dagrun.Version, m.Commit)
	p("| load average (1 5 15 min) | %s at the start, %s at the end |", m.LoadAvgStart, m.LoadAvgEnd)
	for _, t := range []struct {
		name string
		t    tool
	}{{"make", b.tools.Make}, {"Task", b.tools.Task}, {"go-taskflow", b.tools.Taskflow}, {"peak RSS", b.tools.Time}} {
		if t.t.ok() {
			p("| %s | %s |", t.name, t.t.Version)
		} else {
			p("| %s | skipped (%s) |", t.name, t.t.Skipped)
		}
	}
	p("")

	p("## CLI: 1000 processes")
	p("")
	p("`dagrun apply --parallelism N pipeline.hcl` with stdout to /dev/null, so the text view in its non-terminal form (one timestamped line per event); `dagrun-json` adds `--output json`; `dagrun-tmpfs` keeps the run state (journal, logs, outputs: `.dagrun/` beside the pipeline by default) on tmpfs with `--state-dir /dev/shm/...`, which shows what recording the run on disk costs. make runs `make -jN` on the same graph (phony targets; recipes without shell metacharacters are exec'd directly), Task `task --concurrency N`, the floor `bench/cmd/floor` (os/exec only, same dependencies and parallelism). The Go programs (dagrun, the floor, Task, go-taskflow) are built with CGO_ENABLED=0, statically linked, as `make build` and Task's releases are. CPU is the median user + system time of a run, its child processes included: on 2 cores, CPU spent by the engine is CPU the steps cannot use. Peak RSS is the maximum resident set size from `/usr/bin/time -v` (the process and its reaped children).")
	p("")
	p("| scenario | -jN | tool | median | min | max | ÷ make | ÷ floor | Task ÷ it | CPU (user+sys) | peak RSS |")
	p("|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range b.res.CLI {
		for _, s := range r.Series {
			if s.Err != "" {
				p("| %s | %d | %s | failed: %s | | | | | | | |", r.Scenario, r.P, s.Name, mdEscape(s.Err))
				continue
			}
			p("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |", r.Scenario, r.P, s.Name, fs(s.Median()), fs(s.Min()), fs(s.Max()),
				fx(pairedRatio(s, r.get(toolMake))), fx(pairedRatio(s, r.get(toolFloor))), fx(pairedRatio(r.get(toolTask), s)), fs(s.MedianCPU()), fmb(s.RSSKB))
		}
	}
	if !b.tools.Task.ok() {
		p("")
		p("Task: skipped (%s).", b.tools.Task.Skipped)
	}
	p("")
	p("### Layered makespan")
	p("")
	p("10 levels × 100 `/bin/sleep 0.01`, a barrier between levels (a composite per level in HCL, a phony target in make, a task in Task). Lower bound = max(total work / P, critical path) with 10 ms of work per step.")
	p("")
	p("| -jN | lower bound | tool | median | ÷ lower bound |")
	p("|---|---|---|---|---|")
	for _, r := range b.res.CLI {
		if r.LowerBound == 0 {
			continue
		}
		for _, s := range r.Series {
			if s.ok() {
				p("| %d | %.2f s | %s | %s | %s |", r.P, r.LowerBound, s.Name, fs(s.Median()), fx(s.Median()/r.LowerBound))
			}
		}
	}
	p("")
	p("### Linearity: 10,000 steps against 1,000")
	p("")
	p("| scenario | -jN | tool | 1k median | 10k median | 10k ÷ 1k |")
	p("|---|---|---|---|---|---|")
	for _, r := range b.res.Linearity {
		for _, t := range []string{toolDagrun, toolFloor} {
			s1, s10 := r.get(t+"-1k"), r.get(t+"-10k")
			p("| %s | %d | %s | %s | %s | %s |", r.Kind, r.P, t, fs(s1.Median()), fs(s10.Median()), fx(pairedRatio(s10, s1)))
		}
	}
	p("")

	p("## Library: no-op nodes in process")
	p("")
	p("`executor.Run` on a compiled graph (built once, outside the timing), parallelism 8, GOMAXPROCS %d; `+metrics` attaches the Prometheus collector (`metrics.New(...).Register(prometheus.NewRegistry())`, `Init(ids)`, `Options.Observer`). go-taskflow %s runs the same graphs with `NewExecutor(8)`. One process per measurement (`bench/cmd/libbench`, `bench/taskflow`), a warm-up then iterations for at least %s; the value is the median over %d round(s), and the rounds column the least and the most of them. On this kind of shared VM some rounds of wide run 2–3× slower for every engine at once, go-taskflow included, which looks like the host running both vCPUs on one core for a while: a spread like that is the machine, not the code.", m.CPUs, taskflowVers, b.plan.LibMinTime, b.plan.LibRounds)
	p("")
	p("| graph | nodes | edges | engine | per node | rounds, per node | per edge | allocs/node | bytes/node | go-taskflow ÷ it |")
	p("|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range b.res.Lib {
		for _, v := range []string{libDagrun, libMetrics, libTaskflow} {
			if e := r.Errors[v]; e != "" {
				p("| %s | %d | %d | %s | failed: %s | | | | | |", r.Shape, r.Nodes, r.Edges, v, mdEscape(e))
				continue
			}
			if len(r.Variants[v]) == 0 {
				if v == libTaskflow && !b.tools.Taskflow.ok() {
					p("| %s | %d | %d | %s | skipped (%s) | | | | | |", r.Shape, r.Nodes, r.Edges, v, mdEscape(b.tools.Taskflow.Skipped))
				}
				continue
			}
			edge := "–"
			if r.Edges > 0 {
				edge = fns(r.nsPerEdge(v))
			}
			lo, hi := r.nsPerNodeRange(v)
			p("| %s | %d | %d | %s | %s | %s – %s | %s | %.2f | %.0f | %s |", r.Shape, r.Nodes, r.Edges, v, fns(r.nsPerNode(v)), fns(lo), fns(hi), edge,
				r.allocsPerNode(v), r.bytesPerNode(v), fx(r.ratio(libTaskflow, v)))
		}
	}
	p("")
	p("Peak RSS of one process that builds and runs a 100k chain once (`-once`); `%s` is the same process with a chain of one node, what it takes before the graph's size counts:", libFloor)
	p("")
	p("| engine | peak RSS |")
	p("|---|---|")
	for _, s := range b.res.LibRSS {
		if s.Err != "" {
			p("| %s | failed: %s |", s.Name, mdEscape(s.Err))
			continue
		}
		p("| %s | %s |", s.Name, fmb(s.RSSKB))
	}
	p("")
	b.libGapsMarkdown(p)

	p("## Load")
	p("")
	p("Generated files (`scen.LoadHCL`): exec and value pipes, `depends_on`, references to upstream results in arguments, retry settings, timeouts, a variable and a local. In process: `dagrun.Load` then `Pipeline.Graph`. From the CLI: the whole `dagrun plan FILE` / `dagrun validate FILE` process, stdout to /dev/null.")
	p("")
	p("| pipes | file | load | graph | total | per pipe | allocs/pipe | CLI `plan` | peak RSS of `plan` |")
	p("|---|---|---|---|---|---|---|---|---|")
	for _, l := range b.res.Load {
		plan := b.res.LoadCLI.get(fmt.Sprintf("plan-%d", l.Pipes))
		planCell, rssCell := "–", "–"
		if plan.ok() {
			planCell, rssCell = fs(plan.Median()), fmb(plan.RSSKB)
		} else if plan != nil && plan.Err != "" {
			planCell = "failed: " + mdEscape(plan.Err)
		}
		if l.Sample == nil {
			p("| %d | %d kB | failed: %s | | | | | %s | %s |", l.Pipes, l.Bytes/1024, mdEscape(l.Err), planCell, rssCell)
			continue
		}
		s := l.Sample
		p("| %d | %d kB | %s | %s | %s | %s | %.0f | %s | %s |", l.Pipes, l.Bytes/1024, fs(s.Extra["load_ns"]/1e9), fs(s.Extra["graph_ns"]/1e9), fs(s.NsPerOp/1e9), fns(s.NsPerNode), s.AllocsPerNode, planCell, rssCell)
	}
	if v := b.res.LoadCLI.get("validate-10000"); v.ok() {
		p("")
		p("`dagrun validate` on the 10,000-pipe file: %s.", fs(v.Median()))
	}
	b.loadObstacles(p)
	for _, g := range b.res.Graph {
		p("")
		p("Graph build + validation (`executor.NewGraph`: unique ids, known dependencies, cycle check, compilation) of %d nodes and %d edges (1000 levels × 100, each node depending on 10 of the level before): %s, %.1f allocs/node.", g.Nodes, g.Edges, fs(g.NsPerOp/1e9), g.AllocsPerNode)
	}
	p("")

	b.runsMarkdown(p)
	b.uiMarkdown(p)
	b.upToDateMarkdown(p)
	b.temporalMarkdown(p)

	if len(b.res.Profiles) > 0 {
		p("## Profiles")
		p("")
		p("Written by `make bench PROFILE=1` to `bench/out/profiles/` (read them with `go tool pprof bench/out/bin/libbench FILE`):")
		p("")
		for _, pr := range b.res.Profiles {
			p("- %s: `%s`", pr.Name, relPath(b.root, pr.File))
		}
		p("")
	}

	p("## How to reproduce")
	p("")
	p("```sh")
	p("make bench                 # the whole suite (builds, installs Task %s into bench/out/bin once, ~10 min); rewrites BENCHMARKS.md", taskVersion)
	p("make bench QUICK=1         # smoke run: -j8 only, fewer rounds, no 100k load, Task only if already installed (~2 min); writes bench/out/BENCHMARKS.quick.md and results.quick.json")
	p("make bench PROFILE=1       # also CPU and allocation profiles of the worst gaps in bench/out/profiles/")
	p("go run ./bench/cmd/benchrun -only cli,lib -md ''   # some phases only, without touching BENCHMARKS.md")
	p("go run ./bench/cmd/benchrun -render bench/out/results.json   # rewrite BENCHMARKS.md from the last run's numbers")
	p("go run ./bench/cmd/benchrun -only uptodate   # the up-to-date build and benchmarks only: rewrites their rows and section of BENCHMARKS.md")
	p("go run ./bench/cmd/benchrun -only temporal   # the Temporal engine only (needs the Temporal CLI: DAGRUN_TEMPORAL_CLI, or temporal on PATH)")
	p("```")
	p("")
	p("Everything the suite builds or installs goes to `bench/out/` (ignored by git); raw numbers of the last run, every round included, are in `bench/out/results.json`. Scenarios are generated by `bench/internal/scen` into a temporary directory (`-keep` keeps it). The suite needs Go, GNU make and `/usr/bin/time` (`apt-get install -y time`; without it peak RSS comes from wait4's rusage, the same number); Task and go-taskflow are fetched through the Go module proxy and reported as skipped, with the reason, when that fails.")
	return w.String()
}

// busy reports whether a load average line ("1m 5m 15m") shows more runnable
// work in the last minute than there are CPUs.
func busy(loadavg string, cpus int) bool {
	v, err := strconv.ParseFloat(firstField(loadavg), 64)
	return err == nil && cpus > 0 && v > float64(cpus)
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}

func pHeads(ps []int) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("-j%d", p))
	}
	return out
}

func statusCell(t target) string {
	s := t.Status
	switch s {
	case met:
		s = "✅ met"
	case notMet:
		s = "❌ **not met**"
	}
	if t.Note != "" {
		s += " (" + mdEscape(t.Note) + ")"
	}
	return s
}

func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func relPath(root, p string) string {
	if r, ok := strings.CutPrefix(p, root+"/"); ok {
		return r
	}
	return p
}

// loadObstacles writes, for the load targets not met, what stands in the
// way: the measurements, the top of the load's profiles (once for all), and
// what would change them.
func (b *bench) loadObstacles(p func(string, ...any)) {
	var slow, big bool
	var lines []string
	for _, n := range []struct {
		pipes int
		s, mb float64
	}{{10000, 0.5, 80}, {100000, 5, 800}} {
		plan := b.res.LoadCLI.get(fmt.Sprintf("plan-%d", n.pipes))
		if !plan.ok() {
			continue
		}
		isSlow, isBig := plan.Median() > n.s, float64(plan.RSSKB)/1024 > n.mb
		if !isSlow && !isBig {
			continue
		}
		slow, big = slow || isSlow, big || isBig
		line := fmt.Sprintf("- %d pipes: `dagrun plan` %s and %s of peak RSS (limits %s s, %.0f MB)", n.pipes, fs(plan.Median()), fmb(plan.RSSKB), strconv.FormatFloat(n.s, 'f', -1, 64), n.mb)
		for _, l := range b.res.Load {
			if l.Pipes == n.pipes && l.Sample != nil {
				line += fmt.Sprintf("; in process, load and graph take %s and %.0f allocations per pipe (%s for the file)", fns(l.Sample.NsPerNode), l.Sample.AllocsPerNode, fs(l.Sample.NsPerOp/1e9))
			}
		}
		lines = append(lines, line+".")
	}
	if len(lines) == 0 {
		return
	}
	p("")
	p("**What stands in the way of the load targets.**")
	p("")
	for _, l := range lines {
		p("%s", l)
	}
	p("")
	if lp := b.res.LoadProfile; lp != nil {
		p("Profiles of the in-process load of %d pipes (libbench -mode load): CPU by function, flat: %s. Cumulative: %s. Allocated bytes, flat: %s.",
			lp.Pipes, topText(lp.CPU, 6), topText(pickEntries(lp.CPUCum, loadPhases), len(loadPhases)), topText(lp.Alloc, 6))
		p("")
	}
	if slow {
		p("Time: most of it is hclsyntax's scanner and parser, which build the syntax tree of the whole file (a token of 96 bytes for each token, in slices grown by appending; a range of 64 bytes in every node), and the collector marking and sweeping what they allocate; the loader then walks those trees three more times (analysis, checks at load, definition hashes), when they are no longer in cache. Proposal: load each top-level block in one pass as its piece is parsed (the pieces are already parsed in parallel): declare the pipe, find its references, evaluate what is known at load and hash its definition there, keeping in the pipe's model only what a run needs (values, references, the source ranges of arguments that read upstream pipes, parsed again when a run decodes them); only the checks that need every pipe (unknown references, cycles) wait for the end.")
		p("")
	}
	if big {
		p("Peak RSS: the peak is the load's. The syntax tree of the whole file is live until the load ends, because the analysis, the checks at load and the definition hashes read it after every pipe is declared; with the pipes' models and the loader's tables on top, and the heap growing to 1.5 times the live set at the load's GOGC 50 before the tree is dropped. Proposal: the same one-pass load of each block, so that a block's tree is garbage once its pipe is declared, analysed and hashed and the live set at the peak is the models, not the models and the trees; then the pipe model itself, which holds every field any pipe may have, including several source ranges (a pointer to what only some pipes have would shrink it).")
	}
}

// loadPhases are the functions whose cumulative share of the load's CPU
// profile the report shows: the parse, the loader's passes, the collector.
var loadPhases = []string{
	"hclsyntax.ParseConfig", "hcl.(*loader).declarePipe", "hcl.(*loader).analysePipe", "hcl.(*loader).checkArgsAtLoad",
	"hcl.(*loader).hashDefinitions", "runtime.gcBgMarkWorker", "runtime.gcAssistAlloc",
}

// pickEntries returns the entries of es named by names (after the module
// path), in the order of names.
func pickEntries(es []topEntry, names []string) []topEntry {
	var out []topEntry
	for _, n := range names {
		for _, e := range es {
			if e.Name == n || strings.HasSuffix(e.Name, "/"+n) {
				out = append(out, topEntry{Name: e.Name, Flat: e.Cum, Cum: e.Cum})
				break
			}
		}
	}
	return out
}

// topText lists the first n entries of a profile's top as "name share".
func topText(es []topEntry, n int) string {
	var parts []string
	for _, e := range es[:min(n, len(es))] {
		name := e.Name
		if i := strings.LastIndex(name, "/"); i >= 0 {
			name = name[i+1:] // hclsyntax.(*parser).ParseBody, not the module path
		}
		parts = append(parts, fmt.Sprintf("`%s` %.0f%%", name, e.Flat))
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, ", ")
}
