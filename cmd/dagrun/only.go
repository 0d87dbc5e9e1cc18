package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/state"
)

func addOnlyFlag(c *cobra.Command, only *[]string) {
	c.Flags().StringArrayVar(only, "only", nil, "run only this pipe (repeatable; an address as --target takes), its upstreams' outputs taken from the latest successful run in the state directory")
}

// checkOnlyFlags refuses what --only cannot be combined with: --target
// (which runs the upstreams too) and --resume (which reuses another run).
func checkOnlyFlags(f *applyFlags) error {
	switch {
	case len(f.only) == 0:
		return nil
	case len(f.targets) > 0:
		return usageError("--only and --target: use one (--only runs just the pipes it names, --target them and their upstreams)")
	case f.state.resume != "":
		return usageError("--only and --resume: use one (--only takes the upstreams' outputs from the latest successful run)")
	}
	return nil
}

// onlyRun is an `apply --only` run: the pipes named run, and every pipe
// they depend on, at any depth, is reused from the latest successful run
// of the pipeline, as --resume reuses a pipe (its recorded output flows
// downstream, and the views and the run's record say "reused").
type onlyRun struct {
	// targets are the addresses named (RunOptions.Targets).
	targets []string
	// from is the run the upstreams are taken from.
	from   string
	resume *state.Resume
	// partial are the fan-outs of which that run ran some instances only
	// (it targeted an instance): their other instances have no output.
	partial map[string]bool
	// runs reports whether a node is one of the pipes named: a named pipe,
	// an instance of a named fan-out, a step of a named composite.
	runs func(id string) bool
}

// prepareOnly resolves --only and finds the run whose outputs the
// upstreams take; nil without --only. No successful run, or one that lacks
// an upstream's output (the upstream was skipped or failed there, or
// changed since), is a usage error: running the upstream instead would not
// be what was asked.
func (e *env) prepareOnly(path string, p *dagrun.Pipeline, f *applyStateFlags, values []string) (*onlyRun, error) {
	if len(values) == 0 {
		return nil, nil
	}
	targets, err := resolveAddresses(p, "--only", values)
	if err != nil {
		if e.jsonDiagnostics {
			return nil, e.diagnosticsJSON(errorDiagnostic("Invalid --only", err), p.Redact)
		}
		return nil, err
	}
	o := &onlyRun{targets: targets, runs: namedPipes(p, targets)}
	dir := f.resolve(func() string { return state.DefaultDir(path) })
	store := state.Open(dir)
	from, err := latestSucceeded(store, p, path)
	if err != nil {
		return nil, &exitError{code: exitUsage, err: fmt.Errorf("--only: %w", err)}
	}
	o.from = from.ID
	o.partial = partialFanOuts(from.Targets)
	o.resume, err = store.Resume(from.ID, p, path)
	var unsafe *state.UnsafeResumeError
	switch {
	case errors.As(err, &unsafe):
		return nil, usageError("--only: the results of the latest successful run, %s, are unsafe to reuse: the pipeline changed since:\n  %s\napply the whole pipeline first",
			from.ID, strings.Join(unsafe.Problems, "\n  "))
	case err != nil:
		return nil, &exitError{code: exitUsage, err: fmt.Errorf("--only: the latest successful run, %s: %w", from.ID, err)}
	}
	// The outputs are read; the lock that keeps two processes from
	// resuming one run is not needed to read them.
	o.resume.Release()
	if err := o.checkUpstreams(p); err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	return o, nil
}

// latestSucceeded is the latest run of p (at path, when the run recorded
// one) that succeeded.
func latestSucceeded(store *state.Store, p *dagrun.Pipeline, path string) (state.Summary, error) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	runs, err := store.Runs()
	if err != nil {
		return state.Summary{}, err
	}
	for _, r := range slices.Backward(runs) {
		same := r.Pipeline == p.Name()
		if r.Path != "" {
			same = r.Path == path
		}
		if same && r.Status == dagrun.Succeeded.String() {
			return r, nil
		}
	}
	return state.Summary{}, fmt.Errorf("no successful run of pipeline %s in %s to take the upstreams' outputs from; apply the whole pipeline first", p.Name(), store.Dir())
}

// partialFanOuts are the fan-outs of which a run with targets ran only
// the instances named.
func partialFanOuts(targets []string) map[string]bool {
	partial := map[string]bool{}
	for _, t := range targets {
		if base, _, ok := strings.Cut(t, "["); ok && !slices.Contains(targets, base) {
			partial[base] = true
		}
	}
	return partial
}

// namedPipes returns whether a node belongs to the pipes targets name: a
// named pipe or instance, the fan-out of a named instance (it expands
// again, to that instance), an instance of a named fan-out, and the steps
// of a named composite (or of a named instance of a for_each composite).
func namedPipes(p *dagrun.Pipeline, targets []string) func(id string) bool {
	named := map[string]bool{}
	for _, t := range targets {
		named[t] = true
		if base, _, ok := strings.Cut(t, "["); ok {
			named[base] = true
		}
	}
	cfg := p.Config()
	return func(id string) bool {
		if named[id] {
			return true
		}
		for _, t := range targets {
			if strings.HasPrefix(id, t+"[") || strings.HasPrefix(id, t+".") {
				return true
			}
		}
		if cfg == nil {
			return false
		}
		for cp, ok := cfg.Pipe(id); ok && cp.Parent != ""; cp, ok = cfg.Pipe(cp.Parent) {
			if slices.Contains(targets, cp.Parent) {
				return true
			}
		}
		return false
	}
}

// checkUpstreams checks that every pipe the named ones depend on, at any
// depth, has a result to reuse.
func (o *onlyRun) checkUpstreams(p *dagrun.Pipeline) error {
	fps := p.Fingerprints()
	var queue []string
	seen := map[string]bool{}
	for id := range fps {
		if o.runs(id) {
			queue = append(queue, id)
			seen[id] = true
		}
	}
	slices.Sort(queue)
	var missing []string
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		deps := fps[id].Deps
		for _, d := range deps {
			if seen[d] {
				continue
			}
			seen[d] = true
			queue = append(queue, d)
			if o.runs(d) || fps[d].Type == "composite" {
				continue // runs, or a composite's gate, which does no work
			}
			_, ok := o.resume.Reuse(d)
			switch {
			case o.partial[d]:
				missing = append(missing, displayName(p, d)+" (it ran some of its instances only)")
			case !ok && slices.Contains(o.resume.Rerun, d):
				missing = append(missing, displayName(p, d)+" (it or an upstream changed since)")
			case !ok:
				missing = append(missing, displayName(p, d)+" (it did not succeed there)")
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	slices.Sort(missing)
	return fmt.Errorf("--only: the latest successful run, %s, has no output of %s; apply the whole pipeline, or name %s with --only too",
		o.from, nameList(missing), pronoun(len(missing)))
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// wire makes the run reuse every upstream and says where from.
func (o *onlyRun) wire(opts dagrun.RunOptions, stderr io.Writer) dagrun.RunOptions {
	opts.Targets = o.targets
	opts.Reuse = func(id string) (dagrun.PipeResult, bool) {
		if o.runs(id) {
			return dagrun.PipeResult{}, false
		}
		return o.resume.Reuse(id)
	}
	fmt.Fprintf(stderr, "running only %s; upstream outputs from run %s\n", strings.Join(o.targets, ", "), o.from)
	return opts
}
