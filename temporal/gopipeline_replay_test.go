package temporal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/pipes"
	"github.com/dagrun/dagrun/temporal/internal/gosample"
)

// goHistoriesDir holds workflow histories of pipelines built in Go
// (temporal/internal/gosample) recorded on a real Temporal server (make
// record-histories).
const goHistoriesDir = "testdata/gohistories"

// TestReplayGoHistories replays the recorded runs of pipelines built in Go
// with today's workflow code and the same registered pipelines, as
// TestReplayRecordedHistories does for HCL runs: a change that would decide
// differently for a run in flight (which activities, with which ids, in
// which order) fails here.
func TestReplayGoHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(goHistoriesDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no recorded histories in %s: record them with make record-histories", goHistoriesDir)
	}
	pipelines := map[string]func() *dagrun.Pipeline{gosample.Name: gosample.Pipeline}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			ReplayHistoryFile(t, file, workflowWith(pipes.Builtins(), newGoPipelines("replay", pipelines)))
		})
	}
}

// ReplayHistoryFile replays the workflow history recorded (as JSON) in file
// with wf registered as the run's workflow: a decision that differs from the
// recorded one fails the test with Temporal's non-determinism error. For
// this package's replay tests, the external ones included.
func ReplayHistoryFile(t *testing.T, file string, wf any) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hist, err := client.HistoryFromJSON(f, client.HistoryJSONOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflowWithOptions(wf, workflow.RegisterOptions{Name: WorkflowName})
	if err := r.ReplayWorkflowHistory(quietLogger(), hist); err != nil {
		t.Errorf("replaying %s: %v", file, err)
	}
}
