// Command taskflow runs the library benchmark shapes of the suite on
// go-taskflow (github.com/noneback/go-taskflow), the in-process peer of dagrun's
// executor, and prints one JSON line (a measure.Sample) like libbench does. It is
// a module of its own so that go-taskflow never enters dagrun's go.mod.
//
//	taskflow -shape wide|chain|layered [-n N] [-levels L -width W -fanin F] [-p 8] [-once]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	gtf "github.com/noneback/go-taskflow"

	"github.com/dagrun/dagrun/bench/internal/measure"
	"github.com/dagrun/dagrun/bench/internal/scen"
)

func main() {
	shape := flag.String("shape", "wide", "wide, chain or layered")
	n := flag.Int("n", 100_000, "nodes (wide, chain)")
	levels := flag.Int("levels", 100, "levels (layered)")
	width := flag.Int("width", 100, "nodes per level (layered)")
	fanin := flag.Int("fanin", 100, "upstreams per node in the level before (layered)")
	p := flag.Int("p", 8, "executor concurrency")
	once := flag.Bool("once", false, "build and run once (for peak RSS)")
	minTime := flag.Duration("mintime", time.Second, "minimum time of the measured loop")
	maxIters := flag.Int("maxiters", 0, "maximum iterations (0: no limit)")
	flag.Parse()

	var l scen.Lib
	switch scen.Kind(*shape) {
	case scen.Wide:
		l = scen.LibWide(*n)
	case scen.Chain:
		l = scen.LibChain(*n)
	case scen.Layered:
		l = scen.LibLayered(*levels, *width, *fanin)
	default:
		fmt.Fprintf(os.Stderr, "taskflow: unknown shape %q\n", *shape)
		os.Exit(2)
	}

	start := time.Now()
	tf := gtf.NewTaskFlow("bench")
	deps := l.Deps()
	tasks := make([]*gtf.Task, len(deps))
	for i, ds := range deps {
		tasks[i] = tf.NewTask(scen.ID(i), func() {})
		for _, d := range ds {
			tasks[d].Precede(tasks[i])
		}
	}
	ex := gtf.NewExecutor(uint(max(*p, 1)))
	build := time.Since(start)

	name := "go-taskflow/" + l.Name()
	var s measure.Sample
	if *once {
		t := time.Now()
		ex.Run(tf).Wait()
		ns := float64(time.Since(t).Nanoseconds())
		s = measure.Sample{Name: name, Nodes: l.Nodes(), Edges: l.Edges(), Iters: 1, NsPerOp: ns, MinNsPerOp: ns, NsPerNode: ns / float64(l.Nodes())}
	} else {
		s = measure.Loop(name, l.Nodes(), l.Edges(), measure.Options{MinTime: *minTime, MaxIters: *maxIters}, func() {
			ex.Run(tf).Wait()
		})
	}
	s.Extra = map[string]float64{"build_ns": float64(build.Nanoseconds())}
	if err := s.Write(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "taskflow:", err)
		os.Exit(1)
	}
}
