// Package bind turns an HCL pipeline into executor nodes: the one binding of
// the language to the scheduling core, used by both engines (the local one in
// the root package, the Temporal workflow in package temporal).
//
// A node's condition, a for_each pipe's expansion into instances (a small DAG
// per key for a for_each composite) and the decoding of a pipe's arguments
// are evaluated here, from the results of its upstreams as the core gives
// them. What an attempt does with the decoded arguments is the engine's: the
// caller's Runner runs it (in process, or as an activity on a worker).
package bind

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/internal/uptodate"
	"github.com/dagrun/dagrun/pipes"
)

// Call is one attempt of a pipe, its arguments decoded.
type Call struct {
	// Task names what runs: the pipe's id, id[key] for an instance of a
	// for_each pipe, id[key].path for a step of a for_each composite.
	Task string
	// Pipe is the id of the pipe block (the metrics series of its instances).
	Pipe string
	// Key is the for_each key, "" outside a fan-out.
	Key  string
	Type *pipes.Type
	// Args is a pointer to Type's argument struct. Arguments that read no
	// pipe are decoded once and shared by every attempt: read-only.
	Args    any
	Attempt int    // 1-based
	Dir     string // the pipeline's directory (relative paths of the pipe)
	// RunID and Pipeline are the run's id and pipeline name (RunContext).
	RunID, Pipeline string
}

// Runner runs one attempt of a pipe. Its error fails the attempt (for good
// when pipes.IsPermanent); the output is kept either way, as a Task's is.
type Runner func(ctx context.Context, c Call) (cty.Value, error)

// Nodes returns the executor nodes of cfg, one per pipe that is a node of the
// graph (every pipe but the steps of for_each composites, which run inside
// the composite's instances), in declaration order. The pipes' attempts run
// with run. Binding is cheap (no evaluation, a few allocations per pipe), so
// an engine may bind once per run.
func Nodes(cfg *dhcl.Pipeline, run Runner) ([]executor.Node, error) {
	return NodesIn(cfg, run, dhcl.RunContext{})
}

// NodesIn is Nodes for the run rc: run.<attribute> in the pipes' expressions
// are rc's (run.attempt the attempt's), and each Call has rc's id and
// pipeline name.
func NodesIn(cfg *dhcl.Pipeline, run Runner, rc dhcl.RunContext) ([]executor.Node, error) {
	return NodesWith(cfg, run, rc, Options{})
}

// Options are what a binding may add to the pipes' attempts.
type Options struct {
	// UpToDate, when set, checks the pipes with `sources` or `generates`
	// before each attempt: one that is up to date is not run and ends
	// up_to_date with its recorded output (see package uptodate); one that
	// runs and succeeds is recorded. Nil: every pipe runs.
	UpToDate *uptodate.Options
}

// NodesWith is NodesIn with opts.
func NodesWith(cfg *dhcl.Pipeline, run Runner, rc dhcl.RunContext, opts Options) ([]executor.Node, error) {
	if rc.Pipeline == "" {
		rc.Pipeline = cfg.Name
	}
	var inFanOut map[string][]*dhcl.Pipe // for_each composite id → its pipes, in declaration order
	n := 0
	for _, cp := range cfg.Pipes {
		if cp.FanOut == "" {
			n++
			continue
		}
		if inFanOut == nil {
			inFanOut = map[string][]*dhcl.Pipe{}
		}
		inFanOut[cp.FanOut] = append(inFanOut[cp.FanOut], cp)
	}
	b := &binding{cfg: cfg, run: run, rc: rc, upToDate: opts.UpToDate}
	b.taskFn, b.condFn, b.upToDateFn = b.task, b.condition, b.isUpToDate
	nodes := make([]executor.Node, n)
	k := 0
	for _, cp := range cfg.Pipes {
		if cp.FanOut != "" {
			continue
		}
		// Filled in place: a Node is a few hundred bytes, and copies of it
		// were most of the time of binding.
		if err := b.node(&nodes[k], cp, inFanOut[cp.ID]); err != nil {
			return nil, err
		}
		k++
	}
	return nodes, nil
}

// binding is what every closure of one Nodes call shares.
type binding struct {
	cfg *dhcl.Pipeline
	run Runner
	rc  dhcl.RunContext
	// upToDate: the up-to-date checks of the run; nil: none. checks holds
	// the check of a task found out of date until its first attempt (task
	// name → *uptodate.Check).
	upToDate *uptodate.Options
	checks   sync.Map
	// The task and the condition of every node that is a pipe of its own:
	// they find the pipe by the node's id (one map lookup per call) rather
	// than a closure per node capturing it.
	taskFn     executor.Task
	condFn     executor.Condition
	upToDateFn executor.UpToDate
}

// node turns one HCL pipe into an executor node: its arguments and condition
// are evaluated when it becomes ready, from its upstreams' results. A
// for_each pipe is a fan-out node (see fanOut), inner its pipes when it is a
// for_each composite.
func (b *binding) node(n *executor.Node, cp *dhcl.Pipe, inner []*dhcl.Pipe) error {
	if err := settings(n, cp); err != nil {
		return err
	}
	n.ID, n.Deps, n.Deadline = cp.ID, cp.Deps, cp.Deadline
	if cp.Handler != "" {
		if err := handler(n, cp); err != nil {
			return err
		}
	}
	if cp.Composite && cp.ForEach == nil {
		n.Steps = cp.Steps
	}
	if cp.HasCondition && !cp.EachCondition {
		n.Condition = b.condFn
	}
	if cp.ForEach != nil {
		var err error
		n.Expand, err = b.fanOut(cp, inner)
		return err
	}
	if cp.Type != nil {
		n.Task = b.taskFn
		if b.upToDate != nil && hasChecks(cp) {
			n.UpToDate = b.upToDateFn
		}
	}
	return nil
}

// condition is the `if` of the pipe in.Node, evaluated once (not per
// for_each instance).
func (b *binding) condition(_ context.Context, in executor.Input) (bool, error) {
	ok, diags := b.cfg.EvalConditionIn(withRun(b.rc, in), in.Node, nil, states(b.cfg, in))
	if diags.HasErrors() {
		return false, b.diagError(diags)
	}
	return ok, nil
}

// task is an attempt of the pipe in.Node: its arguments are decoded, and run
// runs it.
func (b *binding) task(ctx context.Context, in executor.Input) (cty.Value, error) {
	cp, ok := b.cfg.Pipe(in.Node)
	if !ok {
		return cty.NilVal, pipes.Permanent(fmt.Errorf("no pipe %q", in.Node))
	}
	args, diags := b.cfg.DecodeArgsIn(withRun(b.attempt(in.Attempt), in), cp.ID, nil, states(b.cfg, in))
	if diags.HasErrors() {
		return allowed(cp, cty.NilVal, pipes.Permanent(b.diagError(diags)))
	}
	c := b.call(Call{Task: cp.ID, Pipe: cp.ID, Type: cp.Type, Args: args, Attempt: in.Attempt})
	chk, err := b.checkOf(cp, in, nil, c)
	if err != nil {
		return allowed(cp, cty.NilVal, err)
	}
	out, err := checked(b.run(ctx, c))
	if cp.HasSkipIf || cp.HasRetryIf {
		out, err = b.selfRules(ctx, cp, nil, states(b.cfg, in), in.Attempt, out, err)
	}
	out, err = recorded(chk, out, err)
	return allowed(cp, out, err)
}

// checkOf is the up-to-date check of the attempt c of pipe cp (of the
// for_each instance each, nil outside one), which records its success
// (recorded): the one its first attempt's question computed, or, for a
// retry, one computed now. Nil for a pipe without checks.
func (b *binding) checkOf(cp *dhcl.Pipe, in executor.Input, each *dhcl.Each, c Call) (*uptodate.Check, error) {
	if b.upToDate == nil || !hasChecks(cp) {
		return nil, nil
	}
	if v, ok := b.checks.LoadAndDelete(c.Task); ok {
		return v.(*uptodate.Check), nil
	}
	chk, err := b.begin(cp, in, each, c.Task, c.Args)
	if err != nil {
		return nil, pipes.Permanent(err)
	}
	return chk, nil
}

// recorded records the outcome of an attempt with check chk when it is a
// success (the pipe's final word on it: after every rule that may turn it
// into a failure or a skip); a generated file missing then fails it.
func recorded(chk *uptodate.Check, out cty.Value, err error) (cty.Value, error) {
	if chk == nil || err != nil {
		return out, err
	}
	if err := chk.Succeeded(out, time.Now()); err != nil {
		return out, pipes.Permanent(err)
	}
	return out, nil
}

// hasChecks reports whether cp has up-to-date checks: `sources` or
// `generates`.
func hasChecks(cp *dhcl.Pipe) bool {
	return len(cp.Sources) > 0 || len(cp.Generates) > 0 || cp.EachFiles
}

// begin is the up-to-date check of task, an attempt of pipe cp (of the
// for_each instance each, nil outside one) with args.
func (b *binding) begin(cp *dhcl.Pipe, in executor.Input, each *dhcl.Each, task string, args any) (*uptodate.Check, error) {
	sources, generates, diags := b.cfg.FileGlobs(cp.ID, each)
	if diags.HasErrors() {
		return nil, b.diagError(diags)
	}
	ups := in.Upstreams()
	outs := make([]cty.Value, len(ups))
	for k, r := range ups {
		outs[k] = r.Output
	}
	return b.upToDate.Begin(uptodate.Pipe{Dir: b.cfg.DirOf(cp.ID), Sources: sources, Generates: generates},
		uptodate.Inputs{Pipe: task, Type: cp.Type.Name, Args: args, Upstreams: outs})
}

// probe answers the core's up-to-date question for task, of pipe cp with
// args (decoded as for its first attempt). A check that finds it out of
// date is kept for the attempt, which records its success with it.
func (b *binding) probe(cp *dhcl.Pipe, in executor.Input, each *dhcl.Each, task string, args any) (cty.Value, bool, error) {
	chk, err := b.begin(cp, in, each, task, args)
	if err != nil {
		return cty.NilVal, false, err
	}
	if len(chk.Unmatched) > 0 && b.upToDate.Unmatched != nil {
		b.upToDate.Unmatched(task, chk.Unmatched)
	}
	if chk.UpToDate {
		return chk.Output, true, nil
	}
	b.checks.Store(task, chk)
	return cty.NilVal, false, nil
}

// isUpToDate is the up-to-date check of the pipe in.Node. Arguments that
// cannot be decoded make it out of date: its attempt reports them.
func (b *binding) isUpToDate(_ context.Context, in executor.Input) (cty.Value, bool, error) {
	cp, ok := b.cfg.Pipe(in.Node)
	if !ok {
		return cty.NilVal, false, nil
	}
	args, diags := b.cfg.DecodeArgsIn(b.attempt(1), cp.ID, nil, states(b.cfg, in))
	if diags.HasErrors() {
		return cty.NilVal, false, nil
	}
	return b.probe(cp, in, nil, in.Node, args)
}

func (b *binding) instanceUpToDate(root, cp *dhcl.Pipe, each dhcl.Each, ups *upstreams) executor.UpToDate {
	return func(_ context.Context, in executor.Input) (cty.Value, bool, error) {
		args, diags := b.cfg.DecodeArgsIn(b.attempt(1), cp.ID, &each, ups.states(in, root))
		if diags.HasErrors() {
			return cty.NilVal, false, nil
		}
		return b.probe(cp, in, &each, in.Node, args)
	}
}

// allowed marks the failure of a pipe with allow_failure (not its skip: a
// pipe that skips itself did not fail).
func allowed(cp *dhcl.Pipe, out cty.Value, err error) (cty.Value, error) {
	if cp.AllowFailure && err != nil && !pipes.IsSkip(err) {
		err = pipes.AllowFailure(err)
	}
	return out, err
}

// attempt is the run context of an attempt.
func (b *binding) attempt(n int) dhcl.RunContext {
	rc := b.rc
	rc.Attempt = n
	return rc
}

// call completes c with what every call of the run has: its id and pipeline,
// and the directory of the pipe's pipeline.
func (b *binding) call(c Call) Call {
	c.RunID, c.Pipeline, c.Dir = b.rc.ID, b.rc.Pipeline, b.cfg.DirOf(c.Pipe)
	return c
}

// checked fails an attempt whose output could not be recorded (it nests
// deeper than the language allows) with a short, permanent error: the same
// output would come again on a retry.
func checked(out cty.Value, err error) (cty.Value, error) {
	if derr := dhcl.CheckOutputDepth(out); derr != nil {
		return cty.NilVal, pipes.Permanent(derr)
	}
	return out, err
}

// diagError is the error of failed evaluation, sensitive values redacted.
func (b *binding) diagError(diags hcl2.Diagnostics) error {
	return DiagnosticsError(diags, b.cfg.Redact)
}

// Bounds of DiagnosticsError: how many diagnostics it lists, and how long
// the text of one may be (a detail may quote a whole value).
const (
	maxErrorDiagnostics = 10
	maxDiagnosticText   = 2 << 10
)

// DiagnosticsError is the error of an evaluation that failed at run time:
// the place, summary and detail of every error diagnostic in diags, on one
// line (views show an error's first line), numbered when there are several:
// "2 errors: (1) p.hcl:3,9-20: Summary; Detail. (2) ...". It lists up to
// maxErrorDiagnostics, then says how many more there are; each has redact
// applied and is cut at maxDiagnosticText bytes. Nil when diags has no error.
func DiagnosticsError(diags hcl2.Diagnostics, redact func(string) string) error {
	var texts []string
	n := 0
	for _, d := range diags {
		if d.Severity != hcl2.DiagError {
			continue
		}
		if n++; n > maxErrorDiagnostics {
			continue
		}
		// Redacted before it is cut: a value cut in half would no longer be
		// recognised.
		text := redact(d.Error())
		if len(text) > maxDiagnosticText {
			cut := maxDiagnosticText
			for cut > 0 && !utf8.RuneStart(text[cut]) {
				cut--
			}
			text = fmt.Sprintf("%s... (%d bytes more)", text[:cut], len(text)-cut)
		}
		texts = append(texts, text)
	}
	switch n {
	case 0:
		return nil
	case 1:
		return errors.New(texts[0])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d errors:", n)
	for i, text := range texts {
		fmt.Fprintf(&b, " (%d) %s", i+1, text)
	}
	if n > len(texts) {
		fmt.Fprintf(&b, " (and %d more)", n-len(texts))
	}
	return errors.New(b.String())
}

// settings sets the trigger, retry policy, timeout and pool of a pipe on n.
func settings(n *executor.Node, cp *dhcl.Pipe) error {
	t, err := executor.ParseTrigger(cp.Trigger) // "" is all_success
	if err != nil {
		return fmt.Errorf("pipe %q: %w", cp.ID, err)
	}
	n.Trigger, n.Retry, n.Timeout, n.Pool = t, cp.Retry, cp.Timeout, cp.Pool
	return nil
}

// A for_each pipe is one executor fan-out node, static collection or dynamic:
// its Expand evaluates the collection (static ones were evaluated at load)
// and returns one instance per key, named id[key]. A for_each composite
// expands into a small DAG per key: a gate instance id[key] (a composite
// instance whose Steps are the key's direct steps; its `if`, when that reads
// each), then one instance per pipe inside it, id[key].path, with the deps,
// trigger, retries, timeout and pool of that pipe; their metrics series are
// their own ids, as without for_each.

// templateStep is one instance made per key: the fan-out pipe itself (the
// first), or a pipe inside a for_each composite.
type templateStep struct {
	pipe   *dhcl.Pipe
	suffix string         // appended to id[key]: "" for the pipe itself, ".load", ".inner.x"
	deps   []int          // indexes of the template steps it waits for
	steps  []int          // a composite's: indexes of its direct steps
	node   *executor.Node // its own settings; nil for the fan-out pipe (the node's)
}

// fanOut makes the Expand of for_each pipe root, whose inner pipes (a
// for_each composite's, at any depth) are inner.
func (b *binding) fanOut(root *dhcl.Pipe, inner []*dhcl.Pipe) (executor.Expand, error) {
	steps := make([]templateStep, 1, 1+len(inner))
	steps[0] = templateStep{pipe: root}
	var index map[string]int
	if len(inner) > 0 {
		index = make(map[string]int, 1+len(inner))
		index[root.ID] = 0
	}
	for _, cp := range inner {
		n := &executor.Node{Pipe: cp.ID}
		if err := settings(n, cp); err != nil {
			return nil, err
		}
		index[cp.ID] = len(steps)
		steps = append(steps, templateStep{pipe: cp, suffix: strings.TrimPrefix(cp.Path, root.Path), node: n})
	}
	for i := range steps {
		for _, m := range steps[i].pipe.Steps {
			steps[i].steps = append(steps[i].steps, index[m])
		}
	}
	for i := range steps[1:] {
		s := &steps[i+1]
		for _, d := range s.pipe.Deps {
			j, ok := index[d]
			if !ok {
				return nil, fmt.Errorf("pipe %s: dependency %s is outside its for_each composite %s", s.pipe.ID, d, root.ID)
			}
			s.deps = append(s.deps, j)
		}
	}
	cfg := b.cfg
	return func(_ context.Context, in executor.Input) ([]executor.Instance, error) {
		// One cache for the whole expansion: upstream results are final, and
		// every instance may read the same upstream fan-out.
		ups := &upstreams{cfg: cfg}
		elems, diags := cfg.EvalForEach(root.ID, ups.states(in, nil))
		if diags.HasErrors() {
			return nil, b.diagError(diags)
		}
		insts := make([]executor.Instance, 0, len(elems)*len(steps))
		for _, each := range elems {
			base := root.ID + "[" + each.Key + "]"
			for _, s := range steps {
				inst := executor.Instance{Key: each.Key, ID: base + s.suffix, Node: s.node}
				if len(s.deps) > 0 {
					inst.Deps = make([]string, len(s.deps))
					for k, d := range s.deps {
						inst.Deps[k] = base + steps[d].suffix
					}
				}
				if s.pipe.Type != nil {
					inst.Task = b.instanceTask(root, s.pipe, each, ups)
					if b.upToDate != nil && hasChecks(s.pipe) {
						inst.UpToDate = b.instanceUpToDate(root, s.pipe, each, ups)
					}
				}
				if s.pipe.Composite {
					inst.Steps = make([]string, len(s.steps))
					for k, m := range s.steps {
						inst.Steps[k] = base + steps[m].suffix
					}
				}
				if s.pipe.HasCondition && s.pipe.EachCondition {
					inst.Condition = b.instanceCondition(root, s.pipe, each, ups)
				}
				insts = append(insts, inst)
			}
		}
		return insts, nil
	}, nil
}

func (b *binding) instanceTask(root, cp *dhcl.Pipe, each dhcl.Each, ups *upstreams) executor.Task {
	return func(ctx context.Context, in executor.Input) (cty.Value, error) {
		args, diags := b.cfg.DecodeArgsIn(b.attempt(in.Attempt), cp.ID, &each, ups.states(in, root))
		if diags.HasErrors() {
			return allowed(cp, cty.NilVal, pipes.Permanent(b.diagError(diags)))
		}
		c := b.call(Call{Task: in.Node, Pipe: cp.ID, Key: each.Key, Type: cp.Type, Args: args, Attempt: in.Attempt})
		chk, err := b.checkOf(cp, in, &each, c)
		if err != nil {
			return allowed(cp, cty.NilVal, err)
		}
		out, err := checked(b.run(ctx, c))
		if cp.HasSkipIf || cp.HasRetryIf {
			out, err = b.selfRules(ctx, cp, &each, ups.states(in, root), in.Attempt, out, err)
		}
		out, err = recorded(chk, out, err)
		return allowed(cp, out, err)
	}
}

func (b *binding) instanceCondition(root, cp *dhcl.Pipe, each dhcl.Each, ups *upstreams) executor.Condition {
	return func(_ context.Context, in executor.Input) (bool, error) {
		ok, diags := b.cfg.EvalConditionIn(b.rc, cp.ID, &each, ups.states(in, root))
		if diags.HasErrors() {
			return false, b.diagError(diags)
		}
		return ok, nil
	}
}
