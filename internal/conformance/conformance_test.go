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
	golden *golden
	shape  shape
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
	g, err := loadGolden(abs)
	if err != nil {
		t.Fatal(err)
	}
	p, err := dagrun.Load(abs, dagrun.LoadOptions{})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	c := &testCase{dir: abs, golden: g, shape: shape{cfg: p.Config(), g: g}}
	for _, gp := range g.Pipes { // every row names a pipe of the pipeline
		if _, _, err := c.shape.pipe(gp.ID); err != nil {
			t.Fatal(err)
		}
	}
	return c
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
	want := c.golden.want(func(goldenPipe) bool { return true })
	got := make([]row, 0, len(res.Pipes))
	for _, r := range res.Pipes {
		out, err := ctyJSON(r.Output)
		if err != nil {
			t.Errorf("pipe %s: output: %v", r.ID, err)
		}
		got = append(got, row{ID: r.ID, Status: r.Status.String(), Reason: r.Reason, Attempts: r.Attempts, Output: out, Reused: r.Reused})
	}
	if d := cmp.Diff(want, align(want, got)); d != "" {
		t.Errorf("pipes (-golden +library):\n%s", d)
	}
	if c.golden.Outputs != nil {
		outs := map[string]string{}
		for _, o := range res.Outputs {
			s, err := ctyJSON(o.Value)
			if err != nil {
				t.Errorf("output %s: %v", o.Name, err)
			}
			outs[o.Name] = s
		}
		c.checkOutputs(t, outs)
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
	outs, err := recordedOutputs(stateDir, show.ID)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("apply", func(t *testing.T) { c.checkApply(t, "apply", first, outs) })
	t.Run("runs_show", func(t *testing.T) { c.checkShow(t, show) })
	t.Run("metrics", func(t *testing.T) {
		want, err := wantCounters(c.shape)
		if err != nil {
			t.Fatal(err)
		}
		got, err := readCounters(metricsFile)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("counters (-golden +textfile):\n%s", d)
		}
	})
	t.Run("resume", func(t *testing.T) {
		if c.golden.NoResume {
			t.Skip("no_resume")
		}
		second := apply(t, c, stateDir, "--resume", "last")
		show := runsShow(t, stateDir)
		outs, err := recordedOutputs(stateDir, show.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.checkApply(t, "resume", second, outs)
	})
}

// checkApply checks a run of `dagrun apply --output json`: its exit code, its
// summary, and the outputs it recorded (those of succeeded rows). The run of
// the resume view must reuse what succeeded.
func (c *testCase) checkApply(t *testing.T, view string, run *applyRun, outs map[string]string) {
	if want := c.golden.exitCode(); run.exitCode != want {
		t.Errorf("exit code %d, want %d\nstderr:\n%s", run.exitCode, want, run.stderr)
	}
	if run.summary.Status != c.golden.Run.Status {
		t.Errorf("run status %s, want %s", run.summary.Status, c.golden.Run.Status)
	}
	want := c.golden.want(func(p goldenPipe) bool { return p.Status == "succeeded" })
	if view == "resume" {
		for i := range want {
			reused, err := c.shape.reused(want[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			want[i].Reused = reused
		}
	}
	got := make([]row, 0, len(run.summary.Pipes))
	for _, p := range run.summary.Pipes {
		r := row{ID: p.Pipe, Status: p.Status, Reason: p.Reason, Attempts: p.Attempts, Reused: p.Reused}
		if out, ok := outs[p.Pipe]; ok {
			r.Output = out
		} else if p.Status == "succeeded" {
			r.Output = "null"
		}
		got = append(got, r)
	}
	if d := cmp.Diff(want, align(want, got)); d != "" {
		t.Errorf("pipes (-golden +%s):\n%s", view, d)
	}
	if c.golden.Outputs != nil {
		outs := map[string]string{}
		for name, v := range run.summary.Outputs {
			s, err := canonicalJSON(v)
			if err != nil {
				t.Errorf("output %s: %v", name, err)
			}
			outs[name] = s
		}
		c.checkOutputs(t, outs)
	}
}

// checkShow checks `dagrun runs show --output json` of the run.
func (c *testCase) checkShow(t *testing.T, show *jsonShow) {
	if show.Status != c.golden.Run.Status {
		t.Errorf("run status %s, want %s", show.Status, c.golden.Run.Status)
	}
	want := c.golden.want(func(goldenPipe) bool { return false })
	got := make([]row, 0, len(show.Pipes))
	for _, p := range show.Pipes {
		got = append(got, row{ID: p.Pipe, Status: p.Status, Reason: p.Reason, Attempts: p.Attempts, Reused: p.Reused})
	}
	if d := cmp.Diff(want, align(want, got)); d != "" {
		t.Errorf("pipes (-golden +runs show):\n%s", d)
	}
	wantCounts := c.golden.counts()
	gotCounts := map[string]int{
		"succeeded": show.Counts.Succeeded, "failed": show.Counts.Failed,
		"skipped": show.Counts.Skipped, "cancelled": show.Counts.Cancelled,
	}
	for _, s := range statuses {
		if wantCounts[s] != gotCounts[s] {
			t.Errorf("counts: %d %s, want %d", gotCounts[s], s, wantCounts[s])
		}
	}
}

// checkOutputs compares the values of the output blocks with the golden's.
func (c *testCase) checkOutputs(t *testing.T, got map[string]string) {
	want := map[string]string{}
	for name, v := range c.golden.Outputs {
		want[name], _ = canonicalJSON(v) // checked by loadGolden
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("outputs (-golden +got):\n%s", d)
	}
}
