// Command libbench runs the in-process benchmarks of the suite and prints one
// JSON line (a measure.Sample) per benchmark:
//
//	libbench -mode run   -shape wide|chain|layered [-n N] [-levels L -width W -fanin F] [-p 8] [-metrics] [-once]
//	libbench -mode graph -levels 1000 -width 100 -fanin 10     # executor.NewGraph: build + validation
//	libbench -mode load  -file pipeline.hcl                    # dagrun.Load + Pipeline.Graph
//	libbench -mode apply -file pipeline.hcl [-p 8] [-view text|json|none]  # what `dagrun apply` does, in process
//
// -cpuprofile and -memprofile write pprof profiles of the measured loop.
// -once runs the benchmark a single time (for peak RSS under /usr/bin/time -v).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/bench/internal/measure"
	"github.com/dagrun/dagrun/bench/internal/scen"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
	"github.com/dagrun/dagrun/state"
)

type config struct {
	mode, shape, file, view  string
	stateDir                 string
	n, levels, width, fanin  int
	p                        int
	withMetrics, once        bool
	minTime                  time.Duration
	cpuProfile, memProfile   string
	heapProfile              string
	memProfileRate, maxIters int
}

func main() {
	var c config
	flag.StringVar(&c.mode, "mode", "run", "run, graph, load or apply")
	flag.StringVar(&c.shape, "shape", "wide", "wide, chain or layered (run)")
	flag.IntVar(&c.n, "n", 100_000, "nodes (wide, chain)")
	flag.IntVar(&c.levels, "levels", 100, "levels (layered, graph)")
	flag.IntVar(&c.width, "width", 100, "nodes per level (layered, graph)")
	flag.IntVar(&c.fanin, "fanin", 100, "upstreams per node in the level before (layered, graph)")
	flag.IntVar(&c.p, "p", 8, "parallelism (run, apply)")
	flag.BoolVar(&c.withMetrics, "metrics", false, "attach the Prometheus metrics collector as the run's observer (run)")
	flag.BoolVar(&c.once, "once", false, "run once, no warm-up, no loop (for peak RSS)")
	flag.StringVar(&c.file, "file", "", "pipeline file (load, apply)")
	flag.StringVar(&c.view, "view", "text", "apply: text, json or none: an observer like the CLI's views, writing to stdout")
	flag.StringVar(&c.stateDir, "state", "default", "apply: record the run like the CLI in this state directory (default: .dagrun beside the pipeline, as the CLI; none: do not record); each iteration gets a fresh one")
	flag.DurationVar(&c.minTime, "mintime", time.Second, "minimum time of the measured loop")
	flag.IntVar(&c.maxIters, "maxiters", 0, "maximum iterations of the measured loop (0: no limit)")
	flag.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured loop to this file")
	flag.StringVar(&c.memProfile, "memprofile", "", "write an allocation profile to this file")
	flag.IntVar(&c.memProfileRate, "memprofilerate", 0, "runtime.MemProfileRate while profiling (0: Go's default)")
	flag.StringVar(&c.heapProfile, "heapprofile", "", "run: write a heap profile (in-use memory) after the last run, while the graph, its report and the collector are live")
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "libbench:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	if c.memProfile != "" {
		// Profile the measured loop only (see loop), not building the graph.
		runtime.MemProfileRate = 0
	}
	if c.heapProfile != "" && c.memProfileRate > 0 {
		runtime.MemProfileRate = c.memProfileRate
	}
	var (
		s   measure.Sample
		err error
	)
	switch c.mode {
	case "run":
		s, err = runMode(c)
	case "graph":
		s, err = graphMode(c)
	case "load":
		s, err = loadMode(c)
	case "apply":
		s, err = applyMode(c)
	default:
		err = fmt.Errorf("unknown mode %q", c.mode)
	}
	if err != nil {
		return err
	}
	if c.memProfile != "" {
		if err := writeProfile(c.memProfile, "allocs"); err != nil {
			return err
		}
	}
	return s.Write(os.Stdout)
}

func writeProfile(path, name string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// loop measures f, under the CPU profiler when asked; -once runs it once. The
// profiles cover the measured iterations only, not the warm-up (which creates
// what later runs reuse, e.g. the metrics series).
func loop(c config, name string, nodes, edges int, f func()) (measure.Sample, error) {
	var perr error
	startProfiles := func() {
		if c.memProfile != "" {
			runtime.MemProfileRate = 512 * 1024
			if c.memProfileRate > 0 {
				runtime.MemProfileRate = c.memProfileRate
			}
		}
		if c.cpuProfile != "" {
			pf, err := os.Create(c.cpuProfile)
			if err != nil {
				perr = err
				return
			}
			if err := pprof.StartCPUProfile(pf); err != nil {
				perr = err
				return
			}
			cpuFile = pf
		}
	}
	defer func() {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			cpuFile.Close()
		}
	}()
	if c.once {
		startProfiles()
		t := time.Now()
		f()
		ns := float64(time.Since(t).Nanoseconds())
		s := measure.Sample{Name: name, Nodes: nodes, Edges: edges, Iters: 1, NsPerOp: ns, MinNsPerOp: ns}
		if nodes > 0 {
			s.NsPerNode = ns / float64(nodes)
		}
		return s, perr
	}
	s := measure.Loop(name, nodes, edges, measure.Options{MinTime: c.minTime, MaxIters: c.maxIters, AfterWarmup: startProfiles}, f)
	return s, perr
}

// cpuFile is the CPU profile being written, if any.
var cpuFile *os.File

func libShape(c config) (scen.Lib, error) {
	switch scen.Kind(c.shape) {
	case scen.Wide:
		return scen.LibWide(c.n), nil
	case scen.Chain:
		return scen.LibChain(c.n), nil
	case scen.Layered:
		return scen.LibLayered(c.levels, c.width, c.fanin), nil
	}
	return scen.Lib{}, fmt.Errorf("unknown shape %q", c.shape)
}

func noop(context.Context, executor.Input) (cty.Value, error) { return cty.NilVal, nil }

// nodes builds the executor nodes of a library shape, ids "n0", "n1", ...
func nodes(l scen.Lib) []executor.Node {
	deps := l.Deps()
	ids := make([]string, len(deps))
	for i := range ids {
		ids[i] = scen.ID(i)
	}
	out := make([]executor.Node, len(deps))
	for i, ds := range deps {
		out[i] = executor.Node{ID: ids[i], Task: noop}
		if len(ds) > 0 {
			out[i].Deps = make([]string, len(ds))
			for k, d := range ds {
				out[i].Deps[k] = ids[d]
			}
		}
	}
	return out
}

// runMode times executor.Run of a no-op graph, with or without the metrics
// collector attached (registered on a registry of its own, its series
// initialised for every node, as dagrun.Pipeline.Run does).
func runMode(c config) (measure.Sample, error) {
	l, err := libShape(c)
	if err != nil {
		return measure.Sample{}, err
	}
	ns := nodes(l)
	setup := time.Now()
	g, err := executor.NewGraph(ns)
	if err != nil {
		return measure.Sample{}, err
	}
	opts := executor.Options{Parallelism: c.p}
	name := "dagrun/" + l.Name()
	extra := map[string]float64{"new_graph_ns": float64(time.Since(setup).Nanoseconds())}
	if c.withMetrics {
		t := time.Now()
		col := metrics.New("bench", metrics.Options{})
		if err := col.Register(prometheus.NewRegistry()); err != nil {
			return measure.Sample{}, err
		}
		ids := make([]string, len(ns))
		for i := range ns {
			ids[i] = ns[i].ID
		}
		col.Init(ids)
		opts.Observer = col
		name += "+metrics"
		extra["metrics_init_ns"] = float64(time.Since(t).Nanoseconds())
	}
	var (
		runErr error
		last   *executor.Report
	)
	s, err := loop(c, name, l.Nodes(), l.Edges(), func() {
		rep, err := executor.Run(context.Background(), g, opts)
		if err == nil && rep.Status != executor.StatusSucceeded {
			err = fmt.Errorf("run %s", rep.Status)
		}
		if err != nil && runErr == nil {
			runErr = err
		}
		last = rep
	})
	// What is live after a run: the nodes, the graph, the report, the collector.
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	extra["heap_inuse_bytes"] = float64(ms.HeapInuse)
	extra["sys_bytes"] = float64(ms.Sys)
	if c.heapProfile != "" {
		if err := writeProfile(c.heapProfile, "heap"); err != nil {
			return s, err
		}
	}
	runtime.KeepAlive(ns)
	runtime.KeepAlive(g)
	runtime.KeepAlive(last)
	runtime.KeepAlive(opts.Observer)
	s.Extra = extra
	if runErr != nil {
		return s, runErr
	}
	return s, err
}

// graphMode times executor.NewGraph (unique ids, known dependencies, cycle
// check, compilation) of a layered graph.
func graphMode(c config) (measure.Sample, error) {
	l := scen.LibLayered(c.levels, c.width, c.fanin)
	ns := nodes(l)
	var gerr error
	s, err := loop(c, "dagrun/newgraph/"+l.Name(), l.Nodes(), l.Edges(), func() {
		if _, err := executor.NewGraph(ns); err != nil && gerr == nil {
			gerr = err
		}
	})
	if gerr != nil {
		return s, gerr
	}
	return s, err
}

// loadMode times dagrun.Load (parse, decode, analyse) plus Pipeline.Graph
// (build and validate the graph): what `dagrun plan` does before printing.
func loadMode(c config) (measure.Sample, error) {
	if c.file == "" {
		return measure.Sample{}, fmt.Errorf("-file is required")
	}
	var (
		loadNs, graphNs []float64
		lerr            error
		pipesN, edges   int
	)
	s, err := loop(c, "dagrun/load+graph", 0, 0, func() {
		t0 := time.Now()
		p, err := dagrun.Load(c.file, dagrun.LoadOptions{})
		t1 := time.Now()
		if err != nil {
			lerr = err
			return
		}
		g, err := p.Graph()
		t2 := time.Now()
		if err != nil {
			lerr = err
			return
		}
		loadNs = append(loadNs, float64(t1.Sub(t0).Nanoseconds()))
		graphNs = append(graphNs, float64(t2.Sub(t1).Nanoseconds()))
		pipesN = g.Len()
		edges = 0
		for i := 0; i < g.Len(); i++ {
			edges += len(g.Node(i).Deps)
		}
	})
	if lerr != nil {
		return s, lerr
	}
	s.Nodes, s.Edges = pipesN, edges
	if pipesN > 0 {
		s.NsPerNode = s.NsPerOp / float64(pipesN)
		s.AllocsPerNode = s.AllocsPerOp / float64(pipesN)
		s.BytesPerNode = s.BytesPerOp / float64(pipesN)
	}
	if !c.once && len(loadNs) > 1 { // the first is the warm-up's
		loadNs, graphNs = loadNs[1:], graphNs[1:]
	}
	s.Extra = map[string]float64{"load_ns": measure.Median(loadNs), "graph_ns": measure.Median(graphNs)}
	return s, err
}

// applyMode does in process what `dagrun apply FILE` does (load, build the
// graph, record the run in a state directory, run with a view as observer), so
// that it can be profiled: the CLI has no profiling flag. The views are stand-ins shaped like cmd/dagrun's: one
// formatted line (text) or one JSON object (json) per event, written unbuffered
// to stdout.
func applyMode(c config) (measure.Sample, error) {
	if c.file == "" {
		return measure.Sample{}, fmt.Errorf("-file is required")
	}
	var obs executor.Observer
	switch c.view {
	case "text":
		obs = &textView{w: os.Stdout}
	case "json":
		obs = &jsonView{enc: json.NewEncoder(os.Stdout)}
	case "none":
	default:
		return measure.Sample{}, fmt.Errorf("-view %q: want text, json or none", c.view)
	}
	stateRoot := c.stateDir
	switch stateRoot {
	case "default":
		stateRoot = state.DefaultDir(c.file)
	case "none":
		stateRoot = ""
	}
	var aerr error
	steps, iter := 0, 0
	s, err := loop(c, "dagrun/apply-in-process", 0, 0, func() {
		p, err := dagrun.Load(c.file, dagrun.LoadOptions{})
		if err != nil {
			aerr = err
			return
		}
		opts := dagrun.RunOptions{Parallelism: c.p, Observer: obs}
		var rec *state.Recorder
		if stateRoot != "" {
			iter++
			rec, err = state.Open(filepath.Join(stateRoot, fmt.Sprint("bench-", iter))).Start(p, state.StartOptions{Path: c.file, Version: "bench"})
			if err != nil {
				aerr = err
				return
			}
			opts = rec.Options(opts)
		}
		res, err := p.Run(context.Background(), opts)
		if rec != nil {
			if ferr := rec.Finish(res, err); ferr != nil && err == nil {
				err = ferr
			}
		}
		if err == nil && res.Status != dagrun.Succeeded {
			err = fmt.Errorf("run %s", res.Status)
		}
		if err != nil {
			aerr = err
			return
		}
		steps = len(res.Pipes)
	})
	if stateRoot != "" {
		for i := 1; i <= iter; i++ {
			_ = os.RemoveAll(filepath.Join(stateRoot, fmt.Sprint("bench-", i)))
		}
	}
	if aerr != nil {
		return s, aerr
	}
	s.Nodes = steps
	if steps > 0 {
		s.NsPerNode = s.NsPerOp / float64(steps)
	}
	return s, err
}

// textView writes one timestamped line per event, like cmd/dagrun's text view
// on a non-terminal.
type textView struct {
	mu sync.Mutex
	w  io.Writer
}

func (v *textView) Event(e executor.Event) {
	var msg string
	switch e.Type {
	case executor.EventRunStarted:
		msg = "run started"
	case executor.EventAttemptStarted:
		msg = fmt.Sprintf("started (attempt %d/%d)", e.Attempt, e.MaxAttempts)
	case executor.EventPipeFinished:
		msg = fmt.Sprintf("%s in %s", e.Status, e.Duration.Round(time.Millisecond))
	case executor.EventRunFinished:
		msg = fmt.Sprintf("run %s in %s", e.Status, e.Duration.Round(time.Millisecond))
	default:
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	fmt.Fprintf(v.w, "%s %-8s  %s\n", e.Time.Format("15:04:05"), e.Node, msg)
}

// jsonView writes one JSON object per event, like cmd/dagrun's --output json.
type jsonView struct {
	mu  sync.Mutex
	enc *json.Encoder
}

func (v *jsonView) Event(e executor.Event) {
	je := struct {
		Time     string  `json:"time"`
		Type     string  `json:"type"`
		Pipe     string  `json:"pipe,omitempty"`
		Status   string  `json:"status,omitempty"`
		Attempt  int     `json:"attempt,omitempty"`
		Duration float64 `json:"duration_seconds,omitempty"`
	}{Time: e.Time.UTC().Format(time.RFC3339Nano), Type: e.Type.String(), Pipe: e.Node, Attempt: e.Attempt, Duration: e.Duration.Seconds()}
	if e.Type == executor.EventPipeFinished {
		je.Status = e.Status.String()
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	_ = v.enc.Encode(je)
}
