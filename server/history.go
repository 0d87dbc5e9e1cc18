package server

import (
	"errors"
	"time"
)

// History is the recorded run state the API and the UI read beyond the runs
// this process keeps in memory: every run recorded in the pipelines' state
// directories (the command wires package state's stores in). Its methods
// are safe for concurrent use.
type History interface {
	// Runs returns a page of the recorded runs, newest first, that match q,
	// and how many match in all.
	Runs(q RunQuery) (page []RunSummary, total int, err error)
	// Run returns recorded run id (the id `dagrun runs` shows), or an error
	// wrapping ErrUnknownRun.
	Run(id string) (RunInfo, error)
	// LogPath returns the file of a pipe's log in run id (it may not exist
	// yet: the pipe wrote nothing so far), or an error wrapping
	// ErrUnknownRun or ErrUnknownPipe.
	LogPath(id, pipe string) (string, error)
}

// Errors of History.
var (
	ErrUnknownRun  = errors.New("no such run")
	ErrUnknownPipe = errors.New("no such pipe")
)

// RunQuery selects runs: Pipeline and Status filter when set; Offset and
// Limit page the answer (newest first).
type RunQuery struct {
	Pipeline string
	Status   string
	Offset   int
	Limit    int
}

// RunSummary is one run in a list of runs.
type RunSummary struct {
	ID       string     `json:"id"`
	Pipeline string     `json:"pipeline"`
	Status   string     `json:"status"`
	Started  time.Time  `json:"started"`
	Finished *time.Time `json:"finished,omitempty"`
	// DurationSeconds: from start to end (to now while running).
	DurationSeconds *float64 `json:"duration_seconds,omitempty"`
	Error           string   `json:"error,omitempty"`
	ResumedFrom     string   `json:"resumed_from,omitempty"`
	Counts          Counts   `json:"counts"`
	URL             string   `json:"url"`
}

// Counts are how many pipes of a run ended how.
type Counts struct {
	Succeeded int `json:"succeeded"`
	Failed    int `json:"failed"`
	Skipped   int `json:"skipped"`
	Cancelled int `json:"cancelled"`
	Reused    int `json:"reused"`
}
