package hcl

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/dagrun/dagrun/rules"

	"strings"
	"sync"
	"time"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/dagrun/dagrun/pipes"
)

// Pipeline is a decoded pipeline: the settings of the run, every pipe with its
// dependencies and resolved policies, the outputs and the variables. Expressions
// that depend on pipes are kept unevaluated; DecodeArgs, EvalCondition and
// EvalOutputs evaluate them once the pipes they read have finished.
//
// Load returns a Pipeline even when its diagnostics have errors, so that
// Files can be used to render them; such a Pipeline is incomplete and must not be
// run. A Pipeline is not modified after Load and is safe for concurrent use.
type Pipeline struct {
	// Name is the `pipeline` block's label, else the file's base name without
	// .hcl (the directory's name when a directory was loaded).
	Name string
	// Dir is the directory of the pipeline; file() and relative paths of pipes
	// are resolved against it.
	Dir         string
	Parallelism int           // default 10
	FailFast    bool          // on_failure = "fail_fast"
	Timeout     time.Duration // whole run; 0 = none
	// Deadline is when every pipe should have ended, from the run's start
	// (deadline); 0 = none. Missing it stops nothing.
	Deadline time.Duration
	// PipeLogLimit is the most of an attempt's output a pipe's log keeps, in
	// bytes (pipe_log_limit); 0: no limit.
	PipeLogLimit int64
	// MaxActiveRuns bounds the runs of the pipeline `dagrun serve` runs at
	// once (max_active_runs); 0: no bound but the schedules' overlap.
	MaxActiveRuns int
	Pools         map[string]int
	// Pipes lists every pipe, composites and nested steps included, in
	// declaration order with each composite before its steps (files of a
	// directory in name order).
	Pipes     []*Pipe
	Outputs   []*Output
	Variables []*Variable
	// Schedules are the `schedule` blocks, in declaration order (used by
	// `dagrun serve`; `apply` ignores them).
	Schedules []*Schedule

	files     *fileSet
	byID      map[string]*Pipe
	varsVal   cty.Value // object of the variables
	localsVal cty.Value // object of the locals
	pathVal   cty.Value // the path object
	functions map[string]function.Function
	redactor  *strings.Replacer
	// execDefaults are the `defaults` block's env and dir for exec pipes.
	execDefaults execDefaults
	reload       *reload  // how it was loaded (WithAPIVars)
	sourceNames  []string // the pipeline files read by Load of a directory
	subFiles     []string // see SubPipelineFiles
	secrets      []string // the strings of sensitive values, its sub-pipelines' included
	handlers     bool     // it has handler blocks (not used when it is called)
}

// RetrySettings are a pipe's resolved retry policy.
type RetrySettings = rules.RetryPolicy

// Pipe is one `pipe` block.
type Pipe struct {
	ID string
	// Path is the display name: "routing.load" for a step of "routing", else ID.
	Path string
	// Parent is the id of the enclosing composite, or "".
	Parent string
	// Steps are a composite's direct steps, in declared order.
	Steps      []string
	Composite  bool
	Sequential bool
	// Type is the pipe type; nil for composites.
	Type *pipes.Type
	// Deps are the ids this pipe waits for, deduplicated, in source order. A
	// step depends on its composite (and, when the composite is sequential, on
	// the previous step); a reference to a composite is a dependency on each
	// typed pipe inside it, at any depth (the composite itself is a gate that
	// does no work, so its own status says nothing about its steps).
	Deps []string
	// ForEach is set when the pipe has for_each: it is a fan-out whose
	// instances (one per key, id[key]) run as tasks of their own.
	ForEach *ForEach
	// FanOut is the id of the for_each composite this pipe is a step of (at
	// any depth), or "". Such a step is not a node of its own: each instance of
	// the composite runs it, as id[key].path (routing[a].load). Its Deps are
	// then pipes of the same fan-out (per key); what it needs from outside is a
	// dependency of the fan-out.
	FanOut string
	// Trigger is the upstream rule; all_success when not set.
	Trigger      string
	HasCondition bool
	// EachCondition: the condition reads each.key or each.value, so it is
	// evaluated per instance (always so for the steps of a for_each
	// composite); otherwise a for_each pipe's condition is evaluated once,
	// before the collection.
	EachCondition bool
	Retry         RetrySettings
	// AllowFailure: the pipe's failure is allowed (allow_failure): it is
	// recorded failed, its dependents see a success, the run's status and
	// exit code leave it out.
	AllowFailure bool
	Timeout      time.Duration // per attempt; 0 = none
	// HasSkipIf, HasRetryIf: the pipe has skip_if, retry_if (EvalSelfRule).
	HasSkipIf, HasRetryIf bool
	// Sources and Generates are the globs of the files the pipe reads and
	// makes (`sources`, `generates`), relative to its pipeline's directory
	// (DirOf); a pipe with either has up-to-date checks. SourcesRange is the
	// range of the `sources` expression, for a warning about it.
	Sources, Generates []string
	SourcesRange       hcl2.Range
	// EachFiles: `sources` or `generates` read each, so they are known per
	// for_each instance only (Pipeline.FileGlobs).
	EachFiles bool
	// Deadline is when the pipe should have ended, from the run's start
	// (deadline); 0 = none.
	Deadline time.Duration
	// Handler is the kind of a `handler` block ("failure", ...; its ID is
	// handler.<kind>), "" for a pipe. A handler has no Deps.
	Handler     string
	Pool        string
	Description string
	// DeclRange is the range of the block header (`pipe "id"`).
	DeclRange hcl2.Range
	// Args are the type's arguments present in the block, in source order.
	Args []ArgInfo

	fileGlobs   map[string]fileGlobsExpr // `sources`, `generates` that read each
	argsBody    hcl2.Body                // the body without the meta-arguments; nil for composites
	argsContent *hcl2.BodyContent        // the type's arguments found in argsBody
	condition   hcl2.Expression          // `if`, or nil
	argRefs     []reference              // references of the type arguments
	// staticArgs are the decoded arguments when they read no pipe, no each and
	// no impure function: decoded once at load, shared by every attempt.
	staticArgs  any
	fields      *argFields        // of Type, set at load by checkArgsAtLoad
	condRefs    []reference       // references of `if`
	depRefs     []reference       // depends_on entries
	depWhy      map[string]string // dependency id → why, for cycle messages
	forEachExpr hcl2.Expression   // `for_each`, or nil
	forEachRefs []reference       // references of `for_each`
	forEachVals []Each            // a static collection's elements, computed at load
	definition  string            // see Definition
	// selfRules are skip_if and retry_if.
	selfRules [numSelfRules]selfRule
	// sub is set on a pipe of a sub-pipeline (see subPipe).
	sub *subPipe
	// child is the pipeline a pipeline pipe calls (use = "pipeline").
	child *Pipeline
}

// ForEach describes the collection of a for_each pipe.
type ForEach struct {
	// Range is the range of the for_each expression.
	Range hcl2.Range
	// Dynamic: the collection reads upstream pipes, so its keys are known only
	// once they have succeeded (the instances are created then).
	Dynamic bool
	// Keys are the keys of a static collection (evaluated at load), in
	// order: map keys, set members, list indexes ("0", "1", ...).
	Keys []string
	// List: the collection is a list or a tuple (known at load when its type
	// is), so its instances are keyed by index, and pipe.<id> read from
	// outside is a list of them in index order rather than an object.
	List bool
}

// Each is one element of a for_each collection: each.key and each.value in
// the expressions of the instance it is for.
type Each struct {
	Key   string
	Value cty.Value
}

// ArgInfo describes one type argument set in a pipe block.
type ArgInfo struct {
	Name  string
	Range hcl2.Range
	// KnownAfterApply: the value depends on upstream pipes, so it is only known
	// once they have run.
	KnownAfterApply bool
	// Sensitive: the value is derived from a sensitive variable.
	Sensitive bool
	// Value is the attribute's value when the load could compute it: known
	// before the run, not sensitive, and an attribute (not a block).
	// cty.NilVal otherwise.
	Value cty.Value
}

// Output is one `output` block.
type Output struct {
	Name        string
	Description string
	// Sensitive is set by the block or because the value reads a sensitive
	// variable.
	Sensitive bool
	DeclRange hcl2.Range

	expr hcl2.Expression
	refs []reference
}

// Variable is one `variable` block with its resolved value.
type Variable struct {
	Name        string
	Type        cty.Type // cty.DynamicPseudoType for `any` (or no type)
	Value       cty.Value
	Default     cty.Value // cty.NilVal when the block has no default
	Source      string    // where Value came from: "api", "var", "var-file", "env" or "default"
	Sensitive   bool
	Description string
	DeclRange   hcl2.Range
}

// Variable sources (Variable.Source).
const (
	SourceVar     = "var"
	SourceVarFile = "var-file"
	SourceEnv     = "env"
	SourceDefault = "default"
	SourceAPI     = "api"
	SourceCaller  = "caller" // a sub-pipeline's variable, given by its pipeline pipe's vars
)

// PipeState is the result of a finished pipe, as `pipe.<id>` shows it.
type PipeState struct {
	Status   string    // succeeded, failed, skipped or cancelled
	Output   cty.Value // cty.NilVal or null when the pipe produced nothing
	Error    string    // "" = null
	Attempts int
	Duration time.Duration
	// Started and Finished are when its first attempt started (zero if none
	// did) and when it ended: a composite's duration runs from the earliest
	// start of its steps to the latest end.
	Started, Finished time.Time
	// Reason is why it was skipped or cancelled.
	Reason string
	// Allowed: it failed, and the pipeline allows that failure.
	Allowed bool
	// Instances are the states of the instances of a for_each pipe (or of a
	// step of a for_each composite) by key; nil when it has none. Read from
	// outside the fan-out, pipe.<id> is the object of these by key, and the
	// fields above describe the fan-out as a whole.
	Instances *Instances
}

// Instances are the states of a fan-out's instances by key. The object
// pipe.<id> made of them is built once, on first use: share one Instances
// between the evaluations that read the same fan-out (the instances of a
// fan-out reading another).
type Instances struct {
	states map[string]PipeState
	once   sync.Once
	value  cty.Value
	// listOnce and list are the value of a fan-out over a list (see list).
	listOnce sync.Once
	list     cty.Value
}

// NewInstances returns the instance states by key; the map is kept, not
// copied, and must not be modified afterwards.
func NewInstances(states map[string]PipeState) *Instances {
	return &Instances{states: states}
}

// Len is the number of instances.
func (in *Instances) Len() int {
	if in == nil {
		return 0
	}
	return len(in.states)
}

// Get returns the state of the instance with key.
func (in *Instances) Get(key string) (PipeState, bool) {
	if in == nil {
		return PipeState{}, false
	}
	st, ok := in.states[key]
	return st, ok
}

// Value is pipe.<id> of the fan-out: an object from key to instance object.
func (in *Instances) Value() cty.Value {
	if in == nil {
		return cty.EmptyObjectVal
	}
	in.once.Do(func() {
		attrs := make(map[string]cty.Value, len(in.states))
		for k, st := range in.states {
			attrs[k] = stateValue(st)
		}
		in.value = cty.ObjectVal(attrs)
	})
	return in.value
}

// listValue is pipe.<id> of a fan-out over a list: a tuple of the instance
// objects in index order.
func (in *Instances) listValue() cty.Value {
	if in == nil {
		return cty.EmptyTupleVal
	}
	in.listOnce.Do(func() {
		in.list = indexed(in.states, stateValue)
	})
	return in.list
}

// indexed is the tuple of f of the states keyed "0", "1", ... in index order;
// a key that is not an index (none is, for a list) comes last.
func indexed(states map[string]PipeState, f func(PipeState) cty.Value) cty.Value {
	keys := make([]string, 0, len(states))
	for k := range states {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareKeys)
	vals := make([]cty.Value, len(keys))
	for i, k := range keys {
		vals[i] = f(states[k])
	}
	return cty.TupleVal(vals)
}

// compareKeys orders instance keys: indexes by number, before other keys,
// which are in string order.
func compareKeys(a, b string) int {
	ai, aerr := strconv.Atoi(a)
	bi, berr := strconv.Atoi(b)
	switch {
	case aerr == nil && berr == nil:
		return cmp.Compare(ai, bi)
	case aerr == nil:
		return -1
	case berr == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// States returns the state of a finished pipe. The caller adapts the executor's
// results to it; the dependencies of a pipe guarantee that every pipe its
// expressions read has finished.
type States func(id string) (PipeState, bool)

// OutputValue is an evaluated output.
type OutputValue struct {
	Name      string
	Value     cty.Value
	Sensitive bool
}

// Files returns the parsed files by name, for rendering diagnostics (see
// WriteDiagnostics) and for formatting. It includes the pseudo-files made for
// values given on the command line and in the environment. After a load
// without errors it parses the files again on its first call (see fileSet).
func (p *Pipeline) Files() map[string]*hcl2.File { return p.files.get() }

// SourceOf returns the source text of rng, without parsing its file again as
// Files may; false when rng is not in a file of the pipeline.
func (p *Pipeline) SourceOf(rng hcl2.Range) ([]byte, bool) {
	p.files.mu.Lock()
	defer p.files.mu.Unlock()
	return rangeBytes(p.files.byName, rng)
}

// rangeBytes returns the bytes of rng in files; false when rng is not in them.
func rangeBytes(files map[string]*hcl2.File, rng hcl2.Range) ([]byte, bool) {
	f, ok := files[rng.Filename]
	if !ok || rng.Start.Byte < 0 || rng.End.Byte > len(f.Bytes) || rng.Start.Byte > rng.End.Byte {
		return nil, false
	}
	return f.Bytes[rng.Start.Byte:rng.End.Byte], true
}

// fileSet is a pipeline's files by name. A load without errors ends by
// dropping their syntax trees (loader.finish): they were half of what a loaded
// pipeline of 1000 pipes held, 2.5 of 5.9 MB, and the pipes keep what they
// need of them. Files is for diagnostics and formatting, rare
// after a load: it parses the dropped files again, and keeps them.
type fileSet struct {
	mu     sync.Mutex
	byName map[string]*hcl2.File // a dropped file keeps its Bytes, with a nil Body
}

// get returns the files, parsing again those whose tree was dropped.
func (fs *fileSet) get() map[string]*hcl2.File {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for name, f := range fs.byName {
		if f.Body == nil {
			// The file parsed without errors before: it does again.
			if pf, _ := parseConfig(f.Bytes, name); pf != nil {
				fs.byName[name] = pf
			} else {
				fs.byName[name] = &hcl2.File{Body: hcl2.EmptyBody(), Bytes: f.Bytes}
			}
		}
	}
	return fs.byName
}

// drop drops the syntax trees of the files parsed from HCL (not of the
// pseudo-files, which have none).
func (fs *fileSet) drop() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for name, f := range fs.byName {
		if _, ok := f.Body.(*hclsyntax.Body); ok {
			fs.byName[name] = &hcl2.File{Bytes: f.Bytes}
		}
	}
}

// Definition is a hash of what the pipe does, for resume (see
// dagrun.PipeFingerprint): its block's arguments as written (nested pipe
// blocks excluded), the source of the locals they read, and the values of
// the non-sensitive variables they read, directly or through locals. It is
// worked out at load.
func (p *Pipe) Definition() string { return p.definition }

// Pipe returns the pipe with the given id.
func (p *Pipeline) Pipe(id string) (*Pipe, bool) {
	pp, ok := p.byID[id]
	return pp, ok
}

// Redact replaces every value of a sensitive variable in s (every string inside
// it, for a value that is not a string) by "(sensitive)".
func (p *Pipeline) Redact(s string) string {
	if p.redactor == nil {
		return s
	}
	return p.redactor.Replace(s)
}

// FanOutID is the fan-out pipe p runs in: itself when it has for_each, its
// for_each composite when it is a step of one, else "".
func (p *Pipe) FanOutID() string {
	switch {
	case p.FanOut != "":
		return p.FanOut
	case p.ForEach != nil:
		return p.ID
	}
	return ""
}

// ExpandTargets is what a set of --target ids means, before dependencies are
// added: a composite target stands for all its steps too, and a step of a
// for_each composite for that composite (it runs inside its instances). Ids
// that name no pipe are kept, for the caller to report.
func (p *Pipeline) ExpandTargets(targets []string) []string {
	var out []string
	seen := map[string]bool{}
	queue := append([]string(nil), targets...)
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		cp, ok := p.Pipe(id)
		switch {
		case ok && cp.FanOut != "":
			id = cp.FanOut
		case ok && cp.Composite && cp.ForEach == nil:
			queue = append(queue, cp.Steps...)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// InstanceID names the task of step (root itself for its gate) in the instance
// key of the for_each pipe root: root[key] followed by the step's path below
// root, e.g. routing[a].checks.one.
func InstanceID(root *Pipe, key string, step *Pipe) string {
	return root.ID + "[" + key + "]" + strings.TrimPrefix(step.Path, root.Path)
}
