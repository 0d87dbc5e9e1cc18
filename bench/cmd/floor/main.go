// Command floor is the Go os/exec floor of the CLI benchmarks: it runs the
// processes of a scenario with the same dependency structure and parallelism as
// dagrun, and does nothing else (no config, no retries, no output capture, no
// events). What dagrun spends above it is engine overhead.
//
//	floor -shape wide|chain|layered [-n 1000] [-levels 10 -width 100] [-p 8]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sync"

	"github.com/dagrun/dagrun/bench/internal/scen"
)

func main() {
	shape := flag.String("shape", "wide", "wide, chain or layered")
	n := flag.Int("n", 1000, "steps (wide, chain)")
	levels := flag.Int("levels", 10, "levels (layered)")
	width := flag.Int("width", 100, "steps per level (layered)")
	p := flag.Int("p", 8, "processes running at once")
	flag.Parse()

	var s scen.Shape
	switch scen.Kind(*shape) {
	case scen.Wide:
		s = scen.NewWide(*n)
	case scen.Chain:
		s = scen.NewChain(*n)
	case scen.Layered:
		s = scen.NewLayered(*levels, *width)
	default:
		fmt.Fprintf(os.Stderr, "floor: unknown shape %q\n", *shape)
		os.Exit(2)
	}
	if err := run(s.Graph(), s.Argv, max(*p, 1)); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

// run starts p workers that take ready nodes from a queue, run them, and make
// their dependents ready when their last upstream is done.
func run(nodes []scen.Node, argv []string, p int) error {
	succs := make([][]int32, len(nodes))
	remaining := make([]int, len(nodes))
	for i, n := range nodes {
		remaining[i] = len(n.Deps)
		for _, d := range n.Deps {
			succs[d] = append(succs[d], int32(i))
		}
	}
	var (
		mu      sync.Mutex
		cond    = sync.NewCond(&mu)
		ready   []int32
		pending = len(nodes)
		failure error
	)
	for i := range nodes {
		if remaining[i] == 0 {
			ready = append(ready, int32(i))
		}
	}
	var wg sync.WaitGroup
	for range p {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			for {
				for len(ready) == 0 && pending > 0 && failure == nil {
					cond.Wait()
				}
				if pending == 0 || failure != nil {
					return
				}
				i := ready[0]
				ready = ready[1:]
				mu.Unlock()
				var err error
				if !nodes[i].Barrier {
					err = exec.Command(argv[0], argv[1:]...).Run()
				}
				mu.Lock()
				if err != nil {
					failure = fmt.Errorf("%s: %w", nodes[i].Name, err)
					cond.Broadcast()
					return
				}
				pending--
				for _, s := range succs[i] {
					remaining[s]--
					if remaining[s] == 0 {
						ready = append(ready, s)
						cond.Signal()
					}
				}
				if pending == 0 {
					cond.Broadcast()
				}
			}
		})
	}
	wg.Wait()
	return failure
}
