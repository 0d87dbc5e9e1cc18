package itest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/temporal"
	"github.com/dagrun/dagrun/temporal/internal/gosample"
)

var (
	goworkerOnce sync.Once
	goworkerBin  string
	goworkerErr  error
)

// goworker builds examples/goworker (a worker that registers a pipeline
// built in Go, and its starter) once.
func goworker(t *testing.T) string {
	t.Helper()
	goworkerOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dagrun-goworker-")
		if err != nil {
			goworkerErr = err
			return
		}
		goworkerBin = filepath.Join(dir, "goworker")
		args := []string{"build", "-o", goworkerBin}
		if raceEnabled {
			args = append(args, "-race")
		}
		build := exec.Command("go", append(args, "./examples/goworker")...)
		build.Dir = filepath.Join("..", "..")
		out, err := build.CombinedOutput()
		if err != nil {
			goworkerErr = errors.New("building examples/goworker: " + err.Error() + "\n" + string(out))
		}
	})
	if goworkerErr != nil {
		t.Fatal(goworkerErr)
	}
	return goworkerBin
}

// startGoWorker starts the example's worker on queue; it is stopped when
// the test ends.
func startGoWorker(t *testing.T, queue string) *worker {
	t.Helper()
	return startWorkerCmd(t, exec.Command(goworker(t), "worker", "-temporal-address", address, "-task-queue", queue), "goworker", queue)
}

// startGo runs the example's starter on queue to its end.
func startGo(t *testing.T, queue string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goworker(t), "start", "-temporal-address", address, "-task-queue", queue)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatalf("goworker start: %v", err)
	}
	return out.String(), errb.String(), code
}

// A pipeline built in Go runs on two workers that register it: its ForEach
// over an upstream's output, the retried item, the If and the report read
// the outputs of their upstreams; every function ran as an activity (the
// If and the items too), none in the workflow.
func TestGoPipelineOnWorkers(t *testing.T) {
	queue := queueName(t)
	startGoWorker(t, queue)
	startGoWorker(t, queue)
	stdout, stderr, code := startGo(t, queue)
	if code != 0 {
		t.Fatalf("goworker start: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"regions      succeeded attempts=1",
		"fetch[us]    succeeded attempts=2",
		"fetch[eu]    succeeded attempts=1",
		"total        succeeded attempts=1",
		"alert        succeeded attempts=1",
		"report: total 910 (alert succeeded)",
		"run: succeeded",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in:\n%s", want, stdout)
		}
	}

	m := regexp.MustCompile(`started workflow (\S+)`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no workflow id in:\n%s", stderr)
	}
	c := newClient(t)
	iter := c.GetWorkflowHistory(context.Background(), m[1], "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	var acts []string
	for iter.HasNext() {
		e, err := iter.Next()
		if err != nil {
			t.Fatal(err)
		}
		if a := e.GetActivityTaskScheduledEventAttributes(); a != nil {
			acts = append(acts, a.GetActivityType().GetName()+" "+a.GetActivityId())
		}
	}
	slices.Sort(acts)
	want := []string{
		"dagrun.go.eval pipe_alert#if",
		"dagrun.go.eval pipe_fetch#items",
		"dagrun.pipe pipe_alert#1",
		"dagrun.pipe pipe_fetch[ap]#1",
		"dagrun.pipe pipe_fetch[eu]#1",
		"dagrun.pipe pipe_fetch[us]#1",
		"dagrun.pipe pipe_fetch[us]#2",
		"dagrun.pipe pipe_regions#1",
		"dagrun.pipe pipe_report#1",
		"dagrun.pipe pipe_total#1",
	}
	if !slices.Equal(want, acts) {
		t.Errorf("activities:\n%s\nwant:\n%s", strings.Join(acts, "\n"), strings.Join(want, "\n"))
	}
}

// A worker without the pipeline (a plain dagrun worker) fails the run at
// once, and the starter says which pipeline the workers of which task
// queue lack.
func TestGoPipelineMissingOnWorker(t *testing.T) {
	queue := queueName(t)
	startWorker(t, queue)
	stdout, stderr, code := startGo(t, queue)
	if code != 2 {
		t.Fatalf("goworker start: exit %d, want 2\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{`no Go pipeline "regional-sales" registered`, `task queue "` + queue + `"`, temporal.ErrTypeGoPipelineMissing} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no %q in:\n%s", want, stderr)
		}
	}
}

// A worker whose pipeline of that name is not the starter's fails the run
// at once, naming the pipes that differ and which side lacks which.
func TestGoPipelineMismatchOnWorker(t *testing.T) {
	queue := queueName(t)
	other := func() *dagrun.Pipeline {
		fn := func(context.Context, dagrun.Inputs) (any, error) { return "other", nil }
		return dagrun.New("regional-sales").
			Add("regions", fn).
			Add("total", fn, dagrun.DependsOn("regions")).
			Add("archive", fn, dagrun.DependsOn("total"))
	}
	w, err := temporal.NewWorker(newClient(t), temporal.WorkerOptions{TaskQueue: queue,
		Pipelines: map[string]func() *dagrun.Pipeline{"regional-sales": other}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	stdout, stderr, code := startGo(t, queue)
	if code != 2 {
		t.Fatalf("goworker start: exit %d, want 2\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		`the Go pipeline "regional-sales" of the worker of task queue "` + queue + `" is not the starter's`,
		"the worker's has no pipe alert, fetch, report",
		"the starter's has no pipe archive",
		"pipes differ: total (starter: func, depends on [fetch]; worker: func, depends on [regions])",
		temporal.ErrTypeGoPipelineMismatch,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no %q in:\n%s", want, stderr)
		}
	}
}

// recordGoHistoriesEnv names a directory: with it set, the run of the
// sample pipeline built in Go writes its workflow's history there, for the
// replay test of package temporal (temporal/testdata/gohistories; see `make
// record-histories`).
const recordGoHistoriesEnv = "DAGRUN_RECORD_GO_HISTORIES"

// The sample pipeline built in Go gives the same results on two workers
// that register it as locally: statuses, attempts, outputs, errors, the
// handler's view of the run.
func TestGoPipelineSameAsLocal(t *testing.T) {
	local, err := gosample.Pipeline().Run(context.Background(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	queue := queueName(t)
	c := newClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	var running sync.WaitGroup
	defer func() {
		cancel()
		running.Wait()
	}()
	for range 2 {
		w, err := temporal.NewWorker(c, temporal.WorkerOptions{TaskQueue: queue,
			Pipelines: map[string]func() *dagrun.Pipeline{gosample.Name: gosample.Pipeline}})
		if err != nil {
			t.Fatal(err)
		}
		running.Add(1)
		go func() {
			defer running.Done()
			if err := w.Run(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	var id, runID string
	rctx, rcancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer rcancel()
	remote, err := gosample.Pipeline().Run(rctx, dagrun.RunOptions{Engine: &temporal.Engine{Client: c, TaskQueue: queue,
		Started: func(wf, run string) { id, runID = wf, run }}})
	if err != nil {
		t.Fatal(err)
	}
	if remote.Status != local.Status {
		t.Errorf("run status: temporal %s, local %s", remote.Status, local.Status)
	}
	if diff := cmp.Diff(view(t, local), view(t, remote)); diff != "" {
		t.Errorf("pipes (-local +temporal):\n%s", diff)
	}
	if dir := os.Getenv(recordGoHistoriesEnv); dir != "" {
		writeHistory(t, id, runID, filepath.Join(dir, "go_sample.json"))
	}
}
