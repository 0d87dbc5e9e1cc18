package temporal_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dagrun/dagrun/pipes"
	"github.com/dagrun/dagrun/temporal"
)

// historiesDir holds workflow histories recorded from the conformance
// pipelines on a real Temporal server (make record-histories).
const historiesDir = "testdata/histories"

// TestReplayRecordedHistories replays every recorded history with today's
// workflow code, as a worker does when it picks up a run in flight after an
// upgrade: a change of the scheduling core, the binding or the workflow
// that would make a different decision at any step of a recorded run fails
// here with Temporal's non-determinism error. Such a change must keep the
// old behaviour for runs in flight (workflow.GetVersion) or be rolled out
// as docs/distributed.md says under Upgrading.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(historiesDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Histories recorded by earlier versions of the workflow, kept so that
	// runs they started still replay, and the parts of a run that
	// continued as new (continue-as-new/).
	older, err := filepath.Glob(filepath.Join(historiesDir, "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("%d recorded histories in %s: record them with make record-histories", len(files), historiesDir)
	}
	for _, file := range append(files, older...) {
		name, _ := filepath.Rel(historiesDir, file)
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			temporal.ReplayHistoryFile(t, file, temporal.Workflow(pipes.Builtins()))
		})
	}
}
