package itest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/internal/conformance/golden"
)

// conformanceDir holds the conformance suite's cases (internal/conformance).
var conformanceDir = filepath.Join("..", "..", "internal", "conformance", "testdata")

// conformanceParallel bounds the cases that run at once on the test server.
const conformanceParallel = 4

// TestConformanceTemporal runs every case of the conformance suite with
// `dagrun apply --engine temporal --output json` on two workers and checks
// it against the case's golden, as the suite checks the local engine:
//
//   - apply: the exit code, the run_finished line, and the outputs the run
//     recorded in the state directory;
//   - runs_show: `dagrun runs show last --output json` after it;
//   - metrics: the counters of `apply --metrics-textfile`, which apply
//     derives from the workflow's events.
//
// The suite's resume view is skipped: --resume is not supported with
// --engine temporal (docs/distributed.md). The library view has its
// counterpart in TestSameAsLocal. A case's cancel_on_start sends SIGINT to
// apply once the pipe's pipe_started line is out, as the suite does: apply
// sees it at its next poll of the workflow's events (200ms), so the pipe it
// interrupts must run longer than that (see internal/conformance/README.md).
func TestConformanceTemporal(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(conformanceDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatalf("no cases in %s", conformanceDir)
	}
	queue := queueName(t)
	startWorker(t, queue)
	startWorker(t, queue)
	slots := make(chan struct{}, conformanceParallel)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			slots <- struct{}{}
			defer func() { <-slots }()
			conformanceCase(t, dir, queue)
		})
	}
}

// conformanceCase runs the case in dir on the workers of queue.
func conformanceCase(t *testing.T, dir, queue string) {
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
	shape, err := golden.NewShape(p.Config(), g)
	if err != nil {
		t.Fatal(err)
	}

	stateDir := t.TempDir()
	metricsFile := filepath.Join(t.TempDir(), "metrics.prom")
	args := []string{"apply", "--output", "json", "--state-dir", stateDir, "--metrics-textfile", metricsFile,
		"--engine", "temporal", "--temporal-address", address, "--task-queue", queue}
	args = append(args, g.Args...)
	args = append(args, filepath.Join(abs, "pipeline.hcl"))

	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	started := time.Now()
	run, err := golden.Apply(quickExit(exec.CommandContext(ctx, dagrunBin, args...)), g)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("apply --engine temporal: exit %d after %s", run.ExitCode, time.Since(started).Round(time.Millisecond))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("apply stderr:\n%s\nstdout:\n%s", run.Stderr, run.Stdout)
		}
	})
	show, err := golden.RunsShow(quickExit(exec.CommandContext(ctx, dagrunBin, "runs", "show", "last", "--state-dir", stateDir, "--output", "json")))
	if err != nil {
		t.Fatal(err)
	}
	outs, err := golden.RecordedOutputs(stateDir, show.ID)
	if err != nil {
		t.Fatal(err)
	}

	if dir := os.Getenv(recordHistoriesEnv); dir != "" {
		recordHistory(t, run.Stderr, filepath.Join(dir, filepath.Base(abs)+".json"))
	}

	t.Run("apply", func(t *testing.T) { g.CheckApply(t, "temporal", run, outs, nil) })
	t.Run("runs_show", func(t *testing.T) { g.CheckShow(t, show) })
	t.Run("metrics", func(t *testing.T) { golden.CheckCounters(t, shape, metricsFile) })
	t.Run("resume", func(t *testing.T) {
		if g.NoResume {
			t.Skip("no_resume")
		}
		// What succeeded is reused, as locally.
		reused := map[string]bool{}
		for _, p := range g.Pipes {
			ok, err := shape.Reused(p.ID)
			if err != nil {
				t.Fatal(err)
			}
			reused[p.ID] = ok
		}
		rargs := append(slices.Clone(args[:len(args)-1]), "--resume", "last", args[len(args)-1])
		second, err := golden.Apply(quickExit(exec.CommandContext(ctx, dagrunBin, rargs...)), g)
		if err != nil {
			t.Fatal(err)
		}
		show, err := golden.RunsShow(quickExit(exec.CommandContext(ctx, dagrunBin, "runs", "show", "last", "--state-dir", stateDir, "--output", "json")))
		if err != nil {
			t.Fatal(err)
		}
		outs, err := golden.RecordedOutputs(stateDir, show.ID)
		if err != nil {
			t.Fatal(err)
		}
		g.CheckApply(t, "resume", second, outs, reused)
	})
}

// quickExit has a dagrun built with -race exit at once: the race detector
// otherwise sleeps a second before a process exits (GORACE's atexit_sleep_ms),
// two seconds of every case (apply, runs show).
func quickExit(cmd *exec.Cmd) *exec.Cmd {
	if raceEnabled {
		opts := strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0")
		cmd.Env = append(os.Environ(), "GORACE="+opts)
	}
	return cmd
}

// recordHistoriesEnv names a directory: with it set, every conformance case
// writes its workflow's history there, for the replay tests of package
// temporal (temporal/testdata/histories; see `make record-histories`).
const recordHistoriesEnv = "DAGRUN_RECORD_HISTORIES"

// recordHistory writes the history of the workflow apply's stderr names to
// path, in the JSON of `temporal workflow show --output json`.
func recordHistory(t *testing.T, stderr, path string) {
	t.Helper()
	m := startedLine.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("apply did not say which workflow it started:\n%s", stderr)
	}
	writeHistory(t, m[1], m[2], path)
}

// writeHistory writes the history of workflow id's run runID to path, in
// the JSON of `temporal workflow show --output json`.
func writeHistory(t *testing.T, id, runID, path string) {
	t.Helper()
	c := newClient(t)
	hist := &historypb.History{}
	it := c.GetWorkflowHistory(context.Background(), id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		hist.Events = append(hist.Events, ev)
	}
	b, err := temporalproto.CustomJSONMarshalOptions{Indent: " "}.Marshal(hist)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
