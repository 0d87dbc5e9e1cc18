package conformance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/internal/conformance/golden"
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dagrun-conformance-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testCase is one directory of testdata: a pipeline and its golden.
type testCase struct {
	dir    string
	golden *golden.Golden
	shape  golden.Shape
}

// TestConformance runs every case of testdata and checks each view of its
// run against the case's golden.json:
//
//   - library: dagrun.Load and Pipeline.Run, Result.Pipes and Result.Outputs;
//   - apply: `dagrun apply --output json`, its run_finished line and exit
//     code, and the outputs the run recorded in the state directory;
//   - runs_show: `dagrun runs show last --output json` after it;
//   - metrics: the counters of `apply --metrics-textfile`;
//   - resume: `dagrun apply --resume last` after it: what succeeded is
//     reused, the rest ends as the golden says again.
func TestConformance(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no cases in testdata")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			c := loadCase(t, dir)
			t.Run("library", c.library)
			c.cli(t)
		})
	}
}

func loadCase(t *testing.T, dir string) *testCase {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	g, err := golden.Load(abs)
	if err != nil {
		t.Fatal(err)
	}
	p, err := dagrun.Load(abs, dagrun.LoadOptions{})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	s, err := golden.NewShape(p.Config(), g) // every row names a pipe of the pipeline
	if err != nil {
		t.Fatal(err)
	}
	return &testCase{dir: abs, golden: g, shape: s}
}

// library runs the case through the library.
func (c *testCase) library(t *testing.T) {
	p, err := dagrun.Load(c.dir, dagrun.LoadOptions{})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	opts, err := libraryOptions(c.golden.Args)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), cliTimeout)
	defer cancel()
	if id := c.golden.CancelOnStart; id != "" {
		opts.Observer = executor.ObserverFunc(func(e executor.Event) {
			if e.Type == executor.EventAttemptStarted && e.Node == id {
				cancel()
			}
		})
	}
	if ms := c.golden.CancelAfterMS; ms > 0 {
		timer := time.AfterFunc(time.Duration(ms)*time.Millisecond, cancel)
		defer timer.Stop()
	}
	res, err := p.Run(ctx, opts)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if got := res.Status.String(); got != c.golden.Run.Status {
		t.Errorf("run status %s, want %s", got, c.golden.Run.Status)
	}
	want := c.golden.Want(func(golden.Pipe) bool { return true })
	got := make([]golden.Row, 0, len(res.Pipes))
	for _, r := range res.Pipes {
		out, err := golden.CtyJSON(r.Output)
		if err != nil {
			t.Errorf("pipe %s: output: %v", r.ID, err)
		}
		got = append(got, golden.Row{ID: r.ID, Status: r.Status.String(), Reason: r.Reason, Attempts: r.Attempts, Output: out, Reused: r.Reused})
	}
	if d := cmp.Diff(want, golden.Align(want, got)); d != "" {
		t.Errorf("pipes (-golden +library):\n%s", d)
	}
	if c.golden.Outputs != nil {
		outs := map[string]string{}
		for _, o := range res.Outputs {
			s, err := golden.CtyJSON(o.Value)
			if err != nil {
				t.Errorf("output %s: %v", o.Name, err)
			}
			outs[o.Name] = s
		}
		c.golden.CheckOutputs(t, outs)
	}
}

// libraryOptions are the run options the case's apply flags stand for.
func libraryOptions(args []string) (dagrun.RunOptions, error) {
	var o dagrun.RunOptions
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--fail-fast":
			o.FailFast = true
		case a == "--parallelism" && i+1 < len(args):
			n, err := strconv.Atoi(args[i+1])
			if err != nil {
				return o, fmt.Errorf("--parallelism: %v", err)
			}
			o.Parallelism = n
			i++
		default:
			return o, fmt.Errorf("args: the library view does not know %q", a)
		}
	}
	return o, nil
}

// cli runs the case with the dagrun command and checks its views.
func (c *testCase) cli(t *testing.T) {
	stateDir := t.TempDir()
	metricsFile := filepath.Join(t.TempDir(), "metrics.prom")
	first := apply(t, c, stateDir, "--metrics-textfile", metricsFile)
	show := runsShow(t, stateDir)
	outs, err := golden.RecordedOutputs(stateDir, show.ID)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("apply", func(t *testing.T) { c.golden.CheckApply(t, "apply", first, outs, nil) })
	t.Run("runs_show", func(t *testing.T) { c.golden.CheckShow(t, show) })
	t.Run("metrics", func(t *testing.T) { golden.CheckCounters(t, c.shape, metricsFile) })
	t.Run("resume", func(t *testing.T) {
		if c.golden.NoResume {
			t.Skip("no_resume")
		}
		// What succeeded is reused.
		reused := map[string]bool{}
		for _, p := range c.golden.Pipes {
			ok, err := c.shape.Reused(p.ID)
			if err != nil {
				t.Fatal(err)
			}
			reused[p.ID] = ok
		}
		second := apply(t, c, stateDir, "--resume", "last")
		show := runsShow(t, stateDir)
		outs, err := golden.RecordedOutputs(stateDir, show.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.golden.CheckApply(t, "resume", second, outs, reused)
	})
}
