package hcl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/pipes"
)

// LoadOptions are the inputs of Load besides the files.
type LoadOptions struct {
	// Types are the pipe types `use` may name. Nil means none: every typed pipe
	// is reported as using an unknown type.
	Types *pipes.Registry
	// Vars are --var name=value pairs, raw. For a variable of type string or
	// any the raw text is the value; for other types it is parsed as an HCL
	// expression (like Terraform).
	Vars map[string]string
	// APIVars are values given as JSON (the run parameters of serve's API),
	// by variable name: each is decoded to its variable's type (a JSON
	// string is a string, a number a number, ...). They win over every other
	// source. A name no variable has is an error.
	APIVars map[string]json.RawMessage
	// VarFiles are --var-file paths: HCL files of `name = value` lines. Later
	// files win.
	VarFiles []string
	// LookupEnv reads DAGRUN_VAR_<name> and backs env(); nil means
	// os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// Now backs timestamp(); nil means time.Now.
	Now func() time.Time
	// ReadFile reads the pipeline files, --var-file files and file(); nil
	// means os.ReadFile of at most MaxFileSize bytes. Embedders may sandbox
	// file() with it.
	ReadFile func(name string) ([]byte, error)
	// ListDir lists the .hcl files of directory path (their paths, in any
	// order), ok false when path is not such a directory; nil means the disk.
	// An engine that ships a pipeline's files to where it is loaded again
	// (the Temporal workflow) answers it from them, so that loading reads
	// nothing of that host; ReadFile then reads the files.
	ListDir func(path string) (files []string, ok bool)

	sub *subLoad // set for a sub-pipeline
}

// Defaults of the language: the seed system's retry settings.
const (
	defaultParallelism = 10
	defaultRetries     = 2
	defaultRetryDelay  = 30 * time.Second
	defaultBackoff     = 1
	defaultMaxDelay    = 10 * time.Minute
	defaultJitter      = 0
	defaultTrigger     = "all_success"
)

// listPipeline says whether path is a directory and lists its .hcl files,
// in name order: through listDir when it is set (nothing of the disk is
// read), else from the disk.
func listPipeline(path string, listDir func(string) ([]string, bool)) (paths []string, isDir bool, err error) {
	if listDir != nil {
		files, ok := listDir(path)
		if !ok {
			return nil, false, nil
		}
		files = slices.Clone(files)
		sort.Strings(files)
		return files, true, nil
	}
	info, err := os.Stat(path)
	if err != nil || !info.IsDir() {
		return nil, false, err
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, true, err
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".hcl") {
			paths = append(paths, filepath.Join(path, e.Name()))
		}
	}
	sort.Strings(paths)
	return paths, true, nil
}

// Load reads a pipeline: a .hcl file, or every .hcl file of a directory (in
// name order, as one pipeline). The returned Pipeline is never nil: when the
// diagnostics have errors it is incomplete and must not be run, but its Files
// are there to render the diagnostics.
func Load(path string, opts LoadOptions) (*Pipeline, hcl2.Diagnostics) {
	l := newLoader(opts)
	l.p.reload = &reload{path: path, opts: opts}
	l.rootPath = absPath(path)
	paths, isDir, err := listPipeline(path, opts.ListDir)
	if err != nil {
		l.diags = append(l.diags, &hcl2.Diagnostic{Severity: hcl2.DiagError, Summary: "Cannot read pipeline", Detail: err.Error()})
		return l.p, l.diags
	}
	if isDir {
		l.p.Dir = filepath.Clean(path)
		l.p.Name = dirName(path)
		l.p.sourceNames = paths
		if len(paths) == 0 {
			l.diags = append(l.diags, &hcl2.Diagnostic{Severity: hcl2.DiagError, Summary: "No pipeline files",
				Detail: fmt.Sprintf("Directory %s has no .hcl files.", path)})
			return l.p, l.diags
		}
	} else {
		l.p.Dir = filepath.Dir(path)
		l.p.Name = strings.TrimSuffix(filepath.Base(path), ".hcl")
		paths = []string{path}
	}
	var bodies []hcl2.Body
	for _, p := range paths {
		src, err := l.opts.ReadFile(p)
		if err != nil {
			l.diags = append(l.diags, &hcl2.Diagnostic{Severity: hcl2.DiagError, Summary: "Cannot read pipeline file", Detail: err.Error()})
			continue
		}
		if body := l.parse(p, src); body != nil {
			bodies = append(bodies, body)
		}
	}
	if !l.diags.HasErrors() {
		l.load(bodies)
	}
	l.finish()
	return l.p, l.diags
}

// LoadSource is Load for one file given as bytes; filename names it in
// diagnostics and its directory is the pipeline's directory.
func LoadSource(filename string, src []byte, opts LoadOptions) (*Pipeline, hcl2.Diagnostics) {
	l := newLoader(opts)
	l.p.reload = &reload{filename: filename, src: src, opts: opts}
	l.rootPath = absPath(filename)
	l.p.Dir = filepath.Dir(filename)
	l.p.Name = strings.TrimSuffix(filepath.Base(filename), ".hcl")
	if body := l.parse(filename, src); body != nil && !l.diags.HasErrors() {
		l.load([]hcl2.Body{body})
	}
	l.finish()
	return l.p, l.diags
}

// absPath is path made absolute, or cleaned when it cannot be.
func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

func dirName(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return filepath.Base(path)
}

// loader holds the state of one Load.
type loader struct {
	opts  LoadOptions
	p     *Pipeline
	diags hcl2.Diagnostics

	varDecls        map[string]*Variable
	varNames        []string
	varTypeDefaults map[string]*typeexpr.Defaults
	varHasDefault   map[string]bool
	defaultRanges   map[string]hcl2.Range
	validations     map[string][]validation
	vars            map[string]cty.Value
	locals          map[string]cty.Value
	sensitive       map[string]bool // "var.x" / "local.y" → derived from a sensitive variable
	localDecls      map[string]*hcl2.Attribute
	localNames      []string
	pipeDecls       map[string]*Pipe
	pipeIDs         []string
	poolRanges      map[string]hcl2.Range

	defaults   retrySpec
	pipeSpecs  map[string]*pipeDecl
	argsErrors map[string]bool // pipes whose arguments have errors already

	rootPath string       // the pipeline's path, absolute (sub-pipeline cycles)
	subs     []pendingSub // pipeline pipes, loaded by loadSubs
	children []*Pipeline  // the sub-pipelines loaded

	hasHandlers bool // the pipeline has handler blocks (a sub-pipeline's are not used)

	typeSchemas map[*pipes.Type]*typeSchema // by schemaOf
	typeFields  map[*pipes.Type]*argFields  // by fieldsOf
}

func newLoader(opts LoadOptions) *loader {
	if opts.LookupEnv == nil {
		opts.LookupEnv = os.LookupEnv
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ReadFile == nil {
		opts.ReadFile = readFileLimited
	}
	files := &fileSet{byName: map[string]*hcl2.File{}}
	if opts.sub != nil {
		files = opts.sub.files
	}
	return &loader{
		opts: opts,
		p: &Pipeline{
			Parallelism:  defaultParallelism,
			PipeLogLimit: DefaultPipeLogLimit,
			Pools:        map[string]int{},
			files:        files,
			byID:         map[string]*Pipe{},
			varsVal:      cty.EmptyObjectVal,
			localsVal:    cty.EmptyObjectVal,
		},
		varDecls:        map[string]*Variable{},
		varTypeDefaults: map[string]*typeexpr.Defaults{},
		varHasDefault:   map[string]bool{},
		defaultRanges:   map[string]hcl2.Range{},
		validations:     map[string][]validation{},
		vars:            map[string]cty.Value{},
		locals:          map[string]cty.Value{},
		sensitive:       map[string]bool{},
		localDecls:      map[string]*hcl2.Attribute{},
		pipeDecls:       map[string]*Pipe{},
		poolRanges:      map[string]hcl2.Range{},
		pipeSpecs:       map[string]*pipeDecl{},
		argsErrors:      map[string]bool{},
	}
}

// parse parses one file, keeping it for diagnostics.
func (l *loader) parse(filename string, src []byte) hcl2.Body {
	f, diags := parseConfig(src, filename)
	l.diags = append(l.diags, diags...)
	if f == nil {
		return nil
	}
	l.p.files.byName[filename] = f
	if bytes.Contains(src, []byte("for")) { // else it has no for expression to limit, and the walk allocates per node
		limitForExprs(f.Body)
	}
	return f.Body
}

// load decodes and analyses the parsed bodies. Phases: the declarations (so
// that every reference can be checked whatever the order of the blocks), the
// values known at load (variables, locals, settings), the pipes, the references
// and dependencies, and last the checks of arguments known at load.
func (l *loader) load(bodies []hcl2.Body) {
	l.p.functions = functions(l.p.Dir, l.opts.LookupEnv, l.opts.Now, l.opts.ReadFile)
	l.p.pathVal = pathValue(l.p.Dir)

	byType := map[string][]*hcl2.Block{}
	for _, body := range bodies {
		content, diags := body.Content(rootSchema)
		l.diags = append(l.diags, diags...)
		for _, b := range content.Blocks {
			byType[b.Type] = append(byType[b.Type], b)
		}
	}
	l.decodeVariables(byType[variableSpec.Type])
	if l.opts.sub != nil {
		l.resolveSubVariables()
	} else {
		l.resolveVariables()
	}
	l.decodeLocals(byType[localsSpec.Type])
	l.decodePipelineBlocks(byType[pipelineSpec.Type])
	l.decodeDefaults(byType[defaultsSpec.Type])
	l.decodePools(byType[poolSpec.Type])
	l.decodeSchedules(byType[scheduleSpec.Type])

	for _, b := range byType[pipeSpec.Type] {
		l.declarePipe(b, nil, true)
	}
	l.loadSubs()
	l.declareHandlers(byType[handlerSpec.Type])
	// The pipes of sub-pipelines were analysed by their own load.
	own := make([]*Pipe, 0, len(l.p.Pipes))
	for _, pp := range l.p.Pipes {
		if pp.sub == nil {
			own = append(own, pp)
		}
	}
	l.decodeOutputs(byType[outputSpec.Type])
	for _, pp := range own {
		l.analysePipe(pp)
	}
	l.checkSensitivePipes()
	l.checkInstanceKeys()
	for _, pp := range own {
		l.computeDeps(pp)
	}
	l.checkCycles()
	for _, pp := range own {
		l.resolvePolicies(pp)
	}
	ctx := l.loadContext()
	for _, pp := range own {
		l.checkArgsAtLoad(pp, ctx)
	}
	l.buildRedactor()
}

// finish ends a load without errors: the pipes' definition hashes are taken
// from the syntax trees, and then the trees are dropped (see fileSet), with
// what only the load needed: the bodies of arguments decoded once and for all
// (Pipe.staticArgs), and the reasons of dependencies kept for cycle messages.
func (l *loader) finish() {
	if l.diags.HasErrors() {
		return
	}
	l.hashDefinitions()
	if l.opts.sub != nil {
		return // the files are the caller's, dropped by its load
	}
	for _, pp := range l.p.Pipes {
		pp.depWhy = nil
		if pp.staticArgs != nil && pp.ForEach == nil && pp.FanOut == "" {
			// Only instances decode static arguments again (with each).
			pp.argsBody, pp.argsContent = nil, nil
		}
	}
	l.p.files.drop()
}

// loadContext is the evaluation context of values computed at load: variables,
// locals and functions. The objects are built once (by resolveVariables and
// decodeLocals), so a context costs a few small maps; its for expressions
// share one budget (budgetContext).
func (l *loader) loadContext() *hcl2.EvalContext {
	return budgetContext(map[string]cty.Value{
		rootVar:   l.p.varsVal,
		rootLocal: l.p.localsVal,
		rootPath:  l.p.pathVal,
		rootRun:   cty.DynamicVal,
	}, l.p.functions)
}

// loadValue evaluates an attribute that is computed at load. ok is false when
// the attribute has errors (reported) or its value is unknown because of an
// earlier error; a null value is returned with ok true.
func (l *loader) loadValue(attr *hcl2.Attribute, what string) (cty.Value, bool) {
	_, diags := l.references(attr.Expr, scope{what: what})
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return cty.NilVal, false
	}
	v, diags := attr.Expr.Value(l.loadContext())
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return cty.NilVal, false
	}
	return v, true
}

// loadTyped is loadValue converted to ty; null stays null.
func (l *loader) loadTyped(attr *hcl2.Attribute, ty cty.Type, what string) (cty.Value, bool) {
	v, ok := l.loadValue(attr, what)
	if !ok {
		return v, false
	}
	if v.IsNull() {
		return cty.NullVal(ty), true
	}
	cv, err := convertValue(v, ty)
	if err != nil {
		l.diags = append(l.diags, errorDiag("Incorrect attribute value type",
			fmt.Sprintf("Inappropriate value for %s: %s.", what, err), attr.Expr.Range()))
		return cty.NilVal, false
	}
	return cv, true
}

func (l *loader) loadString(attr *hcl2.Attribute, what string) (string, bool) {
	v, ok := l.loadTyped(attr, cty.String, what)
	if !ok || v.IsNull() {
		return "", false
	}
	return v.AsString(), true
}

func (l *loader) loadBool(attr *hcl2.Attribute, what string) (bool, bool) {
	v, ok := l.loadTyped(attr, cty.Bool, what)
	if !ok || v.IsNull() {
		return false, false
	}
	return v.True(), true
}

func (l *loader) loadNumber(attr *hcl2.Attribute, what string) (float64, bool) {
	v, ok := l.loadTyped(attr, cty.Number, what)
	if !ok || v.IsNull() {
		return 0, false
	}
	f, _ := v.AsBigFloat().Float64()
	return f, true
}

// loadInt reads a whole number of at least min.
func (l *loader) loadInt(attr *hcl2.Attribute, what string, min int) (int, bool) {
	v, ok := l.loadTyped(attr, cty.Number, what)
	if !ok || v.IsNull() {
		return 0, false
	}
	bf := v.AsBigFloat()
	i, acc := bf.Int64()
	if !bf.IsInt() || acc != 0 || i < int64(min) || i > 1<<31 {
		l.diags = append(l.diags, errorDiag(fmt.Sprintf("Invalid value for %s", what),
			fmt.Sprintf("%s must be a whole number of at least %d; got %s.", what, min, bf.Text('g', 10)), attr.Expr.Range()))
		return 0, false
	}
	return int(i), true
}

// loadDuration reads a duration string (time.ParseDuration). "0s" is a valid
// duration: none.
func (l *loader) loadDuration(attr *hcl2.Attribute, what string) (time.Duration, bool) {
	v, ok := l.loadTyped(attr, cty.String, what)
	if !ok || v.IsNull() {
		return 0, false
	}
	d, err := time.ParseDuration(v.AsString())
	if err != nil {
		l.diags = append(l.diags, errorDiag("Invalid duration",
			fmt.Sprintf("%s must be a duration like \"30s\", \"1m30s\" or \"2h\": %q is not one.", what, v.AsString()), attr.Expr.Range()))
		return 0, false
	}
	if d < 0 {
		l.diags = append(l.diags, errorDiag("Invalid duration",
			fmt.Sprintf("%s must not be negative; got %q.", what, v.AsString()), attr.Expr.Range()))
		return 0, false
	}
	return d, true
}

// loadDurations reads a non-empty list of durations.
func (l *loader) loadDurations(attr *hcl2.Attribute, what string) ([]time.Duration, bool) {
	v, ok := l.loadTyped(attr, cty.List(cty.String), what)
	if !ok || v.IsNull() {
		return nil, false
	}
	if v.LengthInt() == 0 {
		l.diags = append(l.diags, errorDiag("Invalid value for "+what,
			what+" must list at least one delay, like [\"1s\", \"10s\", \"100s\"].", attr.Expr.Range()))
		return nil, false
	}
	var out []time.Duration
	for _, e := range v.AsValueSlice() {
		if e.IsNull() {
			l.diags = append(l.diags, errorDiag("Invalid duration", what+" must not contain null.", attr.Expr.Range()))
			return nil, false
		}
		d, err := time.ParseDuration(e.AsString())
		if err != nil || d < 0 {
			l.diags = append(l.diags, errorDiag("Invalid duration",
				fmt.Sprintf("%s must list durations like \"30s\" or \"2m\", none negative: %q is not one.", what, e.AsString()), attr.Expr.Range()))
			return nil, false
		}
		out = append(out, d)
	}
	return out, true
}

// literalString reads an attribute that must be a literal string (use,
// trigger): it is needed before anything is evaluated.
func (l *loader) literalString(attr *hcl2.Attribute, what, example string) (string, bool) {
	if s, ok := stringLiteral(attr.Expr); ok {
		return s, true
	}
	if len(variables(attr.Expr)) > 0 {
		l.diags = append(l.diags, errorDiag(fmt.Sprintf("Invalid %s", what),
			fmt.Sprintf("%s must be a literal string, like %s: references are not allowed here.", what, example), attr.Expr.Range()))
		return "", false
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() {
		l.diags = append(l.diags, errorDiag(fmt.Sprintf("Invalid %s", what),
			fmt.Sprintf("%s must be a literal string, like %s.", what, example), attr.Expr.Range()))
		return "", false
	}
	if v.Type() != cty.String || v.IsNull() || !v.IsKnown() {
		l.diags = append(l.diags, errorDiag(fmt.Sprintf("Invalid %s", what),
			fmt.Sprintf("%s must be a literal string, like %s; got %s.", what, example, typeName(v)), attr.Expr.Range()))
		return "", false
	}
	return v.AsString(), true
}

// typeName describes a value's type in messages.
func typeName(v cty.Value) string {
	if v.IsNull() {
		return "null"
	}
	return v.Type().FriendlyName()
}

// oneBlock reports every block after the first of a type that may appear once.
func (l *loader) oneBlock(blocks []*hcl2.Block, what string) *hcl2.Block {
	if len(blocks) == 0 {
		return nil
	}
	for _, b := range blocks[1:] {
		l.diags = append(l.diags, &hcl2.Diagnostic{
			Severity: hcl2.DiagError,
			Summary:  fmt.Sprintf("Duplicate %s block", what),
			Detail:   fmt.Sprintf("A pipeline has at most one %s block; the first is at %s.", what, rangeString(blocks[0].DefRange)),
			Subject:  b.DefRange.Ptr(),
			Context:  hcl2.RangeBetween(b.DefRange, blocks[0].DefRange).Ptr(),
		})
	}
	return blocks[0]
}

func (l *loader) decodePipelineBlocks(blocks []*hcl2.Block) {
	b := l.oneBlock(blocks, "pipeline")
	if b == nil {
		return
	}
	if b.Labels[0] == "" {
		l.diags = append(l.diags, errorDiag("Invalid pipeline name", "The pipeline's name (its label) must not be empty: it names the pipeline in metrics and logs.", b.LabelRanges[0]))
	} else {
		l.p.Name = b.Labels[0]
	}
	content, diags := b.Body.Content(pipelineSpec.schema())
	l.diags = append(l.diags, diags...)
	if a := content.Attributes["parallelism"]; a != nil {
		if n, ok := l.loadInt(a, "parallelism", 1); ok {
			l.p.Parallelism = n
		}
	}
	if a := content.Attributes["max_active_runs"]; a != nil {
		if n, ok := l.loadInt(a, "max_active_runs", 1); ok {
			l.p.MaxActiveRuns = n
		}
	}
	if a := content.Attributes["on_failure"]; a != nil {
		if s, ok := l.loadString(a, "on_failure"); ok {
			if slices.Contains(onFailureNames, s) {
				l.p.FailFast = s == "fail_fast"
			} else {
				l.diags = append(l.diags, errorDiag("Invalid on_failure",
					fmt.Sprintf("on_failure must be \"continue\" or \"fail_fast\"; got %q.%s", s, didYouMean(s, onFailureNames)), a.Expr.Range()))
			}
		}
	}
	if a := content.Attributes["timeout"]; a != nil {
		if d, ok := l.loadDuration(a, "timeout"); ok {
			l.p.Timeout = d
		}
	}
	if a := content.Attributes["deadline"]; a != nil {
		if d, ok := l.loadDuration(a, "deadline"); ok {
			if d <= 0 {
				l.diags = append(l.diags, errorDiag("Invalid deadline", "deadline must be more than zero.", a.Expr.Range()))
			} else {
				l.p.Deadline = d
			}
		}
	}
	if a := content.Attributes["pipe_log_limit"]; a != nil {
		if v, ok := l.loadTyped(a, cty.String, "pipe_log_limit"); ok && !v.IsNull() {
			if n, err := ParseSize(v.AsString()); err != nil {
				l.diags = append(l.diags, errorDiag("Invalid size", fmt.Sprintf("pipe_log_limit: %v.", err), a.Expr.Range()))
			} else {
				l.p.PipeLogLimit = n
			}
		}
	}
}

// DefaultPipeLogLimit is pipe_log_limit's default: 10 MiB.
const DefaultPipeLogLimit = 10 << 20

// ParseSize reads a size in bytes: a whole number, or a number followed by
// B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := t, ""
	if i >= 0 {
		num, unit = t[:i], strings.TrimSpace(t[i:])
	}
	mult := map[string]float64{"": 1, "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
		"KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30, "TIB": 1 << 40}[strings.ToUpper(unit)]
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || mult == 0 || f < 0 || f*mult > 1<<62 {
		return 0, fmt.Errorf("want a size like \"10MiB\", \"512KB\" or a number of bytes; got %q", s)
	}
	return int64(f * mult), nil
}

// retrySpec holds the retry settings one level sets; nil fields are not set.
type retrySpec struct {
	retries         *int
	delay, maxDelay *time.Duration
	backoff, jitter *float64
	timeout         *time.Duration
	delays          *[]time.Duration // retry_delays; an empty list is not valid
}

func (l *loader) decodeRetry(attrs hcl2.Attributes) retrySpec {
	var s retrySpec
	if a := attrs["retries"]; a != nil {
		if n, ok := l.loadInt(a, "retries", 0); ok {
			s.retries = &n
		}
	}
	if a := attrs["retry_delay"]; a != nil {
		if d, ok := l.loadDuration(a, "retry_delay"); ok {
			s.delay = &d
		}
	}
	if a := attrs["retry_max_delay"]; a != nil {
		if d, ok := l.loadDuration(a, "retry_max_delay"); ok {
			s.maxDelay = &d
		}
	}
	if a := attrs["timeout"]; a != nil {
		if d, ok := l.loadDuration(a, "timeout"); ok {
			s.timeout = &d
		}
	}
	if a := attrs["retry_backoff"]; a != nil {
		if f, ok := l.loadNumber(a, "retry_backoff"); ok {
			if f < 1 {
				l.diags = append(l.diags, errorDiag("Invalid value for retry_backoff",
					fmt.Sprintf("retry_backoff is a multiplier of at least 1 (1: constant delay, 2: doubling); got %g.", f), a.Expr.Range()))
			} else {
				s.backoff = &f
			}
		}
	}
	if a := attrs["retry_delays"]; a != nil {
		if ds, ok := l.loadDurations(a, "retry_delays"); ok {
			s.delays = &ds
		}
		for _, other := range []string{"retry_delay", "retry_backoff"} {
			if o := attrs[other]; o != nil {
				l.diags = append(l.diags, errorDiag("Conflicting retry settings",
					fmt.Sprintf("retry_delays gives every delay; %s is not used with it: set one of them.", other), o.Expr.Range()))
			}
		}
	}
	if a := attrs["retry_jitter"]; a != nil {
		if f, ok := l.loadNumber(a, "retry_jitter"); ok {
			if f < 0 || f > 1 {
				l.diags = append(l.diags, errorDiag("Invalid value for retry_jitter",
					fmt.Sprintf("retry_jitter is a fraction between 0 and 1; got %g.", f), a.Expr.Range()))
			} else {
				s.jitter = &f
			}
		}
	}
	return s
}

func (l *loader) decodeDefaults(blocks []*hcl2.Block) {
	b := l.oneBlock(blocks, "defaults")
	if b == nil {
		return
	}
	content, diags := b.Body.Content(defaultsSpec.schema())
	l.diags = append(l.diags, diags...)
	l.defaults = l.decodeRetry(content.Attributes)
	l.decodeExecDefaults(content.Attributes)
}

func (l *loader) decodePools(blocks []*hcl2.Block) {
	for _, b := range blocks {
		name := b.Labels[0]
		content, diags := b.Body.Content(poolSpec.schema())
		l.diags = append(l.diags, diags...)
		if !validIdentifier(name) {
			l.diags = append(l.diags, errorDiag("Invalid pool name", fmt.Sprintf("%q is not a valid name: use letters, digits, underscores and dashes, starting with a letter.", name), b.LabelRanges[0]))
			continue
		}
		if first, dup := l.poolRanges[name]; dup {
			l.diags = append(l.diags, errorDiag("Duplicate pool", fmt.Sprintf("Pool %q is already declared at %s.", name, rangeString(first)), b.DefRange))
			continue
		}
		l.poolRanges[name] = b.DefRange
		size := 1
		if a := content.Attributes["size"]; a != nil {
			if n, ok := l.loadInt(a, "size", 1); ok {
				size = n
			}
		}
		l.p.Pools[name] = size
	}
}

func (l *loader) decodeOutputs(blocks []*hcl2.Block) {
	seen := map[string]hcl2.Range{}
	for _, b := range blocks {
		name := b.Labels[0]
		content, diags := b.Body.Content(outputSpec.schema())
		l.diags = append(l.diags, diags...)
		if !validIdentifier(name) {
			l.diags = append(l.diags, errorDiag("Invalid output name", fmt.Sprintf("%q is not a valid name: use letters, digits, underscores and dashes, starting with a letter.", name), b.LabelRanges[0]))
			continue
		}
		if first, dup := seen[name]; dup {
			l.diags = append(l.diags, errorDiag("Duplicate output", fmt.Sprintf("Output %q is already declared at %s.", name, rangeString(first)), b.DefRange))
			continue
		}
		seen[name] = b.DefRange
		o := &Output{Name: name, DeclRange: b.DefRange}
		if a := content.Attributes["description"]; a != nil {
			o.Description, _ = l.loadString(a, "description")
		}
		if a := content.Attributes["sensitive"]; a != nil {
			o.Sensitive, _ = l.loadBool(a, "sensitive")
		}
		a := content.Attributes["value"]
		if a == nil { // reported by Content
			continue
		}
		o.expr = a.Expr
		refs, diags := l.references(a.Expr, scope{what: "an output", pipes: true})
		l.diags = append(l.diags, diags...)
		o.refs = refs
		if l.refsSensitive(refs) {
			o.Sensitive = true
		}
		if !diags.HasErrors() {
			// Evaluate with unknown pipes: catches errors that do not depend
			// on them (bad function calls, wrong types of known parts).
			_, d := o.expr.Value(l.unknownPipesContext())
			l.diags = append(l.diags, d...)
		}
		l.p.Outputs = append(l.p.Outputs, o)
	}
}

// unknownPipesContext is loadContext with every pipe (and each) unknown.
func (l *loader) unknownPipesContext() *hcl2.EvalContext {
	ctx := l.loadContext()
	ctx.Variables[rootPipe] = cty.DynamicVal
	ctx.Variables[rootEach] = cty.DynamicVal
	return ctx
}

// refsSensitive reports whether any reference reads a sensitive variable,
// directly, through a local, or through the output of a pipe known to be
// sensitive (checkSensitivePipes).
func (l *loader) refsSensitive(refs []reference) bool {
	for _, r := range refs {
		if (r.root == rootVar || r.root == rootLocal || r.root == rootPipe && r.attr != "status" && r.attr != "attempts" && r.attr != "duration") && l.sensitive[r.root+"."+r.name] {
			return true
		}
	}
	return false
}
