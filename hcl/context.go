package hcl

import (
	"os"
	"path/filepath"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// RunContext is what run.<attribute> reads in the expressions a run
// evaluates: the arguments of a pipe (with its attempt), its `if` and the
// outputs.
type RunContext struct {
	// ID is the run's id, as its records have it.
	ID string
	// Pipeline is the name of the pipeline that runs (the parent's, for the
	// pipes of a sub-pipeline).
	Pipeline string
	// Started is when the run started.
	Started time.Time
	// Attempt is the pipe's attempt (1, 2, ...) when its arguments are
	// decoded; 0 elsewhere (run.attempt is null).
	Attempt int
	// Status and Failed are what a handler reads: the run's status
	// ("succeeded", "failed", "cancelled"; "running" for a deadline handler
	// while pipes run) and the ids of the pipes that failed. "" elsewhere
	// (run.status and run.failed are null).
	Status string
	Failed []string
}

// value is the `run` object; pipeline is the name used when rc does not set
// one. A nil rc (an evaluation outside a run) has empty values.
func (rc *RunContext) value(pipeline string) cty.Value {
	var r RunContext
	if rc != nil {
		r = *rc
	}
	if r.Pipeline == "" {
		r.Pipeline = pipeline
	}
	started := cty.NullVal(cty.String)
	if !r.Started.IsZero() {
		started = cty.StringVal(r.Started.UTC().Format(time.RFC3339))
	}
	attempt := cty.NullVal(cty.Number)
	if r.Attempt > 0 {
		attempt = cty.NumberIntVal(int64(r.Attempt))
	}
	status, failed := cty.NullVal(cty.String), cty.NullVal(cty.List(cty.String))
	if r.Status != "" {
		status, failed = cty.StringVal(r.Status), cty.ListValEmpty(cty.String)
		if len(r.Failed) > 0 {
			ids := make([]cty.Value, len(r.Failed))
			for k, id := range r.Failed {
				ids[k] = cty.StringVal(id)
			}
			failed = cty.ListVal(ids)
		}
	}
	return cty.ObjectVal(map[string]cty.Value{
		"id":       cty.StringVal(r.ID),
		"pipeline": cty.StringVal(r.Pipeline),
		"started":  started,
		"attempt":  attempt,
		"status":   status,
		"failed":   failed,
	})
}

// runAttrs and pathAttrs are the attributes of run and path.
var (
	runAttrs  = []string{"id", "pipeline", "started", "attempt", "status", "failed"}
	pathAttrs = []string{"pipeline", "cwd"}
)

// pathValue is the `path` object of a pipeline in directory dir: known at
// load, so it may be used anywhere.
func pathValue(dir string) cty.Value {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	cwd, err := os.Getwd()
	if err != nil {
		cwd = ""
	}
	return cty.ObjectVal(map[string]cty.Value{
		"pipeline": cty.StringVal(dir),
		"cwd":      cty.StringVal(cwd),
	})
}

// DirOf is the directory of the pipeline pipe id was declared in: the
// pipeline's, or a sub-pipeline's for its pipes. Relative paths of the pipe
// (exec's dir, file()) are resolved against it.
func (p *Pipeline) DirOf(id string) string {
	if pp, ok := p.byID[id]; ok && pp.sub != nil {
		return pp.sub.owner.DirOf(pp.sub.local)
	}
	return p.Dir
}
