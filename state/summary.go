package state

import (
	"time"

	"github.com/dagrun/dagrun"
)

// Summary is a run's run.json: what ran, when, and how it ended.
type Summary struct {
	ID       string `json:"id"`
	Pipeline string `json:"pipeline"`
	// Path is the pipeline's file or directory (absolute), "" when unknown.
	Path    string `json:"path,omitempty"`
	Version string `json:"version,omitempty"`
	// PID is the process that ran (or runs) the run.
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
	// Finished is zero while the run is in progress (or when it was aborted).
	Finished time.Time `json:"finished,omitzero"`
	// Status is running, succeeded, failed, cancelled, or aborted (set when read).
	Status string `json:"status"`
	// Error says why the run as a whole ended early (pipeline timeout).
	Error   string   `json:"error,omitempty"`
	Targets []string `json:"targets,omitempty"`
	// ResumedFrom is the run this one resumed, if any.
	ResumedFrom string `json:"resumed_from,omitempty"`
	// Reused lists the pipes whose results were taken from ResumedFrom.
	Reused []string `json:"reused,omitempty"`
	// Rerun lists the pipes that succeeded in ResumedFrom but were run again
	// because their definition, or an upstream's, changed since.
	Rerun  []string `json:"rerun,omitempty"`
	Counts Counts   `json:"counts"`
	// Pipes are the pipeline's pipes in declaration order.
	Pipes []PipeInfo `json:"pipes"`
	// Fingerprints describe each pipe, to check a later resume against.
	Fingerprints map[string]dagrun.PipeFingerprint `json:"fingerprints"`

	// RerunDamaged lists the pipes that succeeded in ResumedFrom but were run
	// again because their records there could not be read (corrupt lines).
	RerunDamaged []string `json:"rerun_damaged,omitempty"`
	// Engine is where the run ran when not in the process that recorded it
	// (nil: the local engine).
	Engine *EngineInfo `json:"engine,omitempty"`

	// Problems are the damaged records found reading the run (set when read):
	// by Store.Runs for run.json, by Store.Run for every file, by Store.Check.
	Problems []Problem `json:"-"`

	// LastEvent is the time of the last journal record of a run that did not
	// record its end (running or aborted); set when read.
	LastEvent time.Time `json:"-"`
}

// EngineInfo says where a run ran that is not in the recording process: the
// Temporal service and the run's workflow, recorded as soon as it starts,
// so that a run whose client is gone can still be found.
type EngineInfo struct {
	Name       string `json:"name"` // temporal
	Address    string `json:"address,omitempty"`
	Namespace  string `json:"namespace,omitempty"`
	TaskQueue  string `json:"task_queue,omitempty"`
	WorkflowID string `json:"workflow_id,omitempty"`
	RunID      string `json:"workflow_run_id,omitempty"`
}

// PipeInfo names one pipe of the pipeline.
type PipeInfo struct {
	ID string `json:"id"`
	// Path is the display name ("routing.load" for a step), when it differs.
	Path string `json:"path,omitempty"`
}

// Counts are how many pipes (and for_each instances) ended how.
type Counts struct {
	Succeeded int `json:"succeeded"`
	Failed    int `json:"failed"`
	Skipped   int `json:"skipped"`
	Cancelled int `json:"cancelled"`
	// UpToDate counts those that were up to date: not run, as nothing they
	// depend on changed (not counted in Succeeded).
	UpToDate int `json:"up_to_date,omitempty"`
	// Reused counts the succeeded ones taken from an earlier run.
	Reused int `json:"reused"`
}

// Duration is how long the run took; for a run in progress, how long it has
// taken until now; for an aborted run, until the last thing it recorded.
func (s Summary) Duration() time.Duration {
	switch {
	case !s.Finished.IsZero():
		return s.Finished.Sub(s.Started)
	case s.Status == StatusRunning:
		return time.Since(s.Started)
	case !s.LastEvent.IsZero():
		return s.LastEvent.Sub(s.Started)
	}
	return 0
}

func (c *Counts) add(status string, reused bool) {
	switch status {
	case "succeeded":
		c.Succeeded++
		if reused {
			c.Reused++
		}
	case "up_to_date":
		c.UpToDate++
	case "failed":
		c.Failed++
	case "skipped":
		c.Skipped++
	case "cancelled":
		c.Cancelled++
	}
}
