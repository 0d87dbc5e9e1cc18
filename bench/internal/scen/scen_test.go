package scen

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dagrun/dagrun"
)

// The generated pipelines load, and dagrun sees the graph the floor runs: every
// step, and for each step the steps it must wait for.
func TestHCLMatchesGraph(t *testing.T) {
	for _, s := range []Shape{NewWide(5), NewChain(5), NewLayered(3, 4)} {
		t.Run(s.Name(), func(t *testing.T) {
			p, err := dagrun.LoadSource("pipeline.hcl", s.HCL(), dagrun.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			g, err := p.Graph()
			if err != nil {
				t.Fatal(err)
			}
			nodes := s.Graph()
			want := map[string]map[string]bool{} // step → steps it waits for
			for i, n := range nodes {
				if !n.Barrier {
					want[n.Name] = stepsBefore(nodes, i)
				}
			}
			deps := map[string][]string{}
			for i := 0; i < g.Len(); i++ {
				deps[g.Node(i).ID] = g.Node(i).Deps
			}
			got := 0
			for id := range deps {
				if _, ok := want[id]; !ok {
					continue // a composite (barrier)
				}
				got++
				before := map[string]bool{}
				var walk func(string)
				walk = func(id string) {
					for _, d := range deps[id] {
						if !before[d] {
							before[d] = true
							walk(d)
						}
					}
				}
				walk(id)
				for d := range before {
					if _, step := want[d]; step && !want[id][d] {
						t.Errorf("%s waits for %s, the floor does not", id, d)
					}
				}
				for d := range want[id] {
					if !before[d] {
						t.Errorf("%s does not wait for %s, the floor does", id, d)
					}
				}
			}
			if got != s.Steps() {
				t.Errorf("%d steps in the pipeline, want %d", got, s.Steps())
			}
		})
	}
}

// stepsBefore are the steps node i waits for, directly or through barriers.
func stepsBefore(nodes []Node, i int) map[string]bool {
	out := map[string]bool{}
	var walk func(int)
	walk = func(i int) {
		for _, d := range nodes[i].Deps {
			if !nodes[d].Barrier {
				out[nodes[d].Name] = true
			}
			walk(int(d))
		}
	}
	walk(i)
	return out
}

// make runs every step of the generated Makefile, in an order that respects the
// dependencies.
func TestMakefileRunsEveryStep(t *testing.T) {
	mk, err := exec.LookPath("make")
	if err != nil {
		t.Skip("make not installed")
	}
	for _, s := range []Shape{NewWide(5), NewChain(5), NewLayered(3, 4)} {
		t.Run(s.Name(), func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "Makefile"), s.Makefile(), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(mk, "-n", "-C", dir).CombinedOutput()
			if err != nil {
				t.Fatalf("make -n: %v\n%s", err, out)
			}
			if got := strings.Count(string(out), strings.Join(s.Argv, " ")); got != s.Steps() {
				t.Errorf("make would run %d steps, want %d:\n%s", got, s.Steps(), out)
			}
		})
	}
}

func TestTaskfileHasEveryStep(t *testing.T) {
	s := NewLayered(3, 4)
	tf := string(s.Taskfile())
	if got := strings.Count(tf, "cmds: ['/bin/sleep 0.01']"); got != s.Steps() {
		t.Errorf("%d steps, want %d", got, s.Steps())
	}
	if !strings.Contains(tf, "run: once") {
		t.Error("without run: once, Task runs a barrier once per dependent")
	}
	if !strings.Contains(tf, "  l1_t000:\n    deps: [l0]\n") {
		t.Errorf("level 1 does not wait for the barrier of level 0:\n%s", tf)
	}
}

func TestLowerBound(t *testing.T) {
	s := NewLayered(10, 100)
	for _, c := range []struct {
		p    int
		want float64
	}{{2, 5}, {8, 1.25}, {1000, 0.1}} {
		if got := s.LowerBound(c.p); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("LowerBound(%d) = %v, want %v", c.p, got, c.want)
		}
	}
}

func TestLoadHCL(t *testing.T) {
	p, err := dagrun.LoadSource("load.hcl", LoadHCL(200), dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	g, err := p.Graph()
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != 200 {
		t.Errorf("%d pipes, want 200", g.Len())
	}
}

func TestLibEdges(t *testing.T) {
	for _, l := range []Lib{LibWide(10), LibChain(10), LibLayered(4, 5, 5), LibLayered(4, 5, 2)} {
		n := 0
		for i, ds := range l.Deps() {
			n += len(ds)
			for _, d := range ds {
				if int(d) >= i {
					t.Errorf("%s: node %d depends on later node %d", l.Name(), i, d)
				}
			}
		}
		if n != l.Edges() {
			t.Errorf("%s: %d edges, Edges() = %d", l.Name(), n, l.Edges())
		}
	}
}
