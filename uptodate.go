package dagrun

import (
	"context"
	"errors"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/internal/bind"
	"github.com/dagrun/dagrun/internal/uptodate"
	"github.com/dagrun/dagrun/pipes"
)

// UpToDateOptions turn on the up-to-date checks of a run (RunOptions.UpToDate).
// An HCL pipe with `sources` or `generates` is up to date when its evaluated
// arguments, its upstreams' outputs and the contents of its source files are
// those of its last successful run recorded in Dir, and every file it
// generates is there, unchanged since: it is then not run, and ends with
// StatusUpToDate and that run's output, which flows downstream.
type UpToDateOptions struct {
	// Dir holds the records of the pipeline's pipes, one file each; the
	// dagrun command keeps it in the state directory. Give each pipeline
	// a directory of its own.
	Dir string
	// Force: no pipe is up to date; every one runs (and is recorded).
	Force bool
	// Replace runs these pipes (addresses, as Targets) and everything
	// downstream of them even if they are up to date.
	Replace []string
	// Unmatched, when set, is told of the `sources` patterns of a task that
	// match no file when it is checked (before its first attempt): a typo
	// in a glob would otherwise leave it up to date forever. It may be
	// called from several goroutines at once.
	Unmatched func(task string, patterns []string)
}

// SourceWarnings are the warnings of the `sources` that match no file now,
// at their expressions, leaving out what a pipe's `generates` names (a run
// makes it): what `dagrun validate` and `plan` say. A run says it of the
// pipes it checks (UpToDateOptions.Unmatched).
func (p *Pipeline) SourceWarnings() hcl2.Diagnostics {
	if p.config == nil {
		return nil
	}
	return bind.SourceWarnings(p.config)
}

// ErrUpToDateEngine is Run's error when an engine other than the local one
// is asked for up-to-date checks of a pipeline that has some: it runs the
// pipes on workers, which do not keep the records.
var ErrUpToDateEngine = errors.New("up-to-date checks (sources, generates) need the local engine: run with --force to run every pipe")

// HasUpToDateChecks reports whether a pipe of the pipeline has `sources`
// or `generates`.
func (p *Pipeline) HasUpToDateChecks() bool {
	if p.config == nil {
		return false
	}
	for _, cp := range p.config.Pipes {
		if len(cp.Sources) > 0 || len(cp.Generates) > 0 || cp.EachFiles {
			return true
		}
	}
	return false
}

// Downstream returns a test of task names (pipe ids, for_each instances
// id[key], their steps id[key].path) that holds for the pipes addresses
// name (as Targets; an instance for its own tasks only) and everything
// downstream of them, a composite's steps included. An address that names
// no pipe is an error wrapping ErrNoSuchPipe.
func (p *Pipeline) Downstream(addresses []string) (func(task string) bool, error) {
	if len(addresses) == 0 {
		return func(string) bool { return false }, nil
	}
	g, err := p.Graph()
	if err != nil {
		return nil, err
	}
	c := g.Compiled()
	whole := map[string]bool{} // pipes all of whose tasks are in
	prefixes := []string{}     // instances named alone: id[key], its steps id[key].x
	var roots, instanceRoots []int
	for _, s := range addresses {
		a, err := p.ResolveAddress(s)
		if err != nil {
			return nil, err
		}
		i, ok := c.Index(a.Pipe)
		if !ok {
			continue
		}
		if a.Instance {
			prefixes = append(prefixes, a.String())
			instanceRoots = append(instanceRoots, i)
			continue
		}
		roots = append(roots, i)
	}
	for i, in := range c.Descendants(roots...) {
		if in {
			whole[c.IDs[i]] = true
		}
	}
	// What depends on an instance depends on its whole fan-out.
	for _, r := range instanceRoots {
		for i, in := range c.Descendants(r) {
			if in && i != r {
				whole[c.IDs[i]] = true
			}
		}
	}
	return func(task string) bool {
		base := task
		if i := strings.IndexByte(task, '['); i > 0 {
			base = task[:i]
		}
		if whole[base] || whole[task] {
			return true
		}
		for _, pre := range prefixes {
			if task == pre || strings.HasPrefix(task, pre+".") {
				return true
			}
		}
		return false
	}, nil
}

// upToDateBinding is the binding option of o; nil when o is nil or the
// pipeline has no up-to-date checks.
func (p *Pipeline) upToDateBinding(o *UpToDateOptions) (bind.Options, error) {
	if o == nil || !p.HasUpToDateChecks() {
		return bind.Options{}, nil
	}
	replace, err := p.Downstream(o.Replace)
	if err != nil {
		return bind.Options{}, err
	}
	return bind.Options{UpToDate: &uptodate.Options{Store: uptodate.Open(o.Dir), Force: o.Force, Replace: replace, Unmatched: o.Unmatched}}, nil
}

// errWouldRun fails the pipes a dry run of UpToDatePipes would run.
var errWouldRun = errors.New("would run")

// UpToDatePipes returns the tasks (pipe ids, for_each instances id[key])
// that a run with o would find up to date now, in the graph's order,
// without running anything: each pipe with up-to-date checks is checked as
// a run checks it, when every pipe upstream of it would be up to date too
// (a pipe that would run makes what depends on it wait for its new
// output, so it is not reported). Nil when the pipeline has no checks.
func (p *Pipeline) UpToDatePipes(ctx context.Context, o UpToDateOptions) ([]string, error) {
	if err := p.checkDeps(); err != nil {
		return nil, err
	}
	ub, err := p.upToDateBinding(&o)
	if err != nil || ub.UpToDate == nil {
		return nil, err
	}
	wouldRun := func(context.Context, bind.Call) (cty.Value, error) { return cty.NilVal, pipes.Permanent(errWouldRun) }
	nodes, err := p.bindRun(p.nodes, wouldRun, p.runContext(RunOptions{}), ub)
	if err != nil {
		return nil, err
	}
	g, err := executor.NewGraph(nodes)
	if err != nil {
		return nil, err
	}
	rep, err := executor.Run(ctx, g, executor.Options{Parallelism: p.parallelism, Pools: p.pools})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range rep.Results {
		if r.Status == executor.StatusUpToDate {
			out = append(out, r.ID)
		}
	}
	return out, nil
}
