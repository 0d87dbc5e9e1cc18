package hcl

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Sub-pipelines: a pipe with use = "pipeline" loads another pipeline (source,
// a file or a directory relative to the calling file) with the variables its
// vars give, and is a composite whose steps are that pipeline's pipes, named
// with the calling pipe's id in front (sub.child). They are pipes of the
// calling pipeline's run like any other (events, metrics, logs, resume, the
// parent's parallelism); their expressions are evaluated by the sub-pipeline
// they come from (its variables, locals and pipes), and the outputs of the
// sub-pipeline are the calling pipe's output.

// subPipelineType is the `use` of a sub-pipeline.
const subPipelineType = "pipeline"

// subPipe ties a pipe of a sub-pipeline, as the calling pipeline has it
// (its id prefixed with the calling pipe's: sub.child), to the pipe of the
// loaded sub-pipeline that it is: expressions are evaluated by owner, with
// owner's variables, locals and pipes.
type subPipe struct {
	owner  *Pipeline
	local  string // the pipe's id in owner
	prefix string // the calling pipe's id and a dot: owner's pipe x is prefix+x here
}

// states is what owner's evaluations read: the calling pipeline's states of
// the prefixed ids.
func (s *subPipe) states(states States) States {
	if states == nil {
		return nil
	}
	return func(id string) (PipeState, bool) { return states(s.prefix + id) }
}

// subLoad is what the load of a sub-pipeline gets from its caller.
type subLoad struct {
	stack []callSite           // the pipelines being loaded, outermost first
	vars  map[string]cty.Value // the values vars gives
	// sensitive are the variables whose value is made from a sensitive
	// value of the caller: sensitive here too.
	sensitive map[string]bool
	varsRange hcl2.Range // the vars argument (or the pipe block) in the caller
	files     *fileSet   // the caller's: diagnostics render from one set
}

// callSite is one pipeline being loaded: its path, and where its caller
// names it (a zero range for the outermost).
type callSite struct {
	path string
	call hcl2.Range
}

// pendingSub is a pipeline pipe declared, whose sub-pipeline is loaded once
// every pipe of the caller is declared.
type pendingSub struct {
	pp     *Pipe
	source *hcl2.Attribute
	vars   *hcl2.Attribute
}

var subPipeSchema = &hcl2.BodySchema{Attributes: []hcl2.AttributeSchema{{Name: "source", Required: true}, {Name: "vars"}}}

// declareSub checks the arguments of a pipeline pipe and keeps it for loadSubs.
func (l *loader) declareSub(pp *Pipe, use *hcl2.Attribute, remain hcl2.Body, nested int) {
	pp.Composite = true
	content, diags := remain.Content(withMeta(subPipeSchema))
	l.diags = append(l.diags, diags...)
	switch {
	case nested > 0:
		l.diags = append(l.diags, errorDiag("Pipe with both use and steps",
			fmt.Sprintf("Pipe %q calls a pipeline: its steps are that pipeline's pipes, so it may not have nested pipe blocks.", pp.ID), use.Range))
		return
	case pp.ForEach != nil:
		l.diags = append(l.diags, errorDiag("for_each on a pipeline pipe",
			fmt.Sprintf("Pipe %q calls a pipeline, which cannot run once per key: declare one pipeline pipe per value instead.", pp.ID), pp.ForEach.Range))
		return
	case pp.FanOut != "":
		l.diags = append(l.diags, errorDiag("Pipeline pipe in a for_each composite",
			fmt.Sprintf("Pipe %q calls a pipeline, which cannot run inside the instances of for_each composite %q.", pp.ID, pp.FanOut), use.Range))
		return
	case diags.HasErrors():
		return
	}
	l.subs = append(l.subs, pendingSub{pp: pp, source: content.Attributes["source"], vars: content.Attributes["vars"]})
}

// loadSubs loads the sub-pipelines of the pipeline pipes and adds their
// pipes to the pipeline.
func (l *loader) loadSubs() {
	for _, s := range l.subs {
		if _, ok := l.pipeDecls[s.pp.ID]; !ok {
			continue // an invalid or duplicate id, reported
		}
		l.loadSub(s)
	}
}

func (l *loader) loadSub(s pendingSub) {
	pp := s.pp
	source, ok := l.loadString(s.source, "source")
	if !ok {
		return
	}
	path := source
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(s.source.Range.Filename), path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	stack := l.callStack()
	for i, c := range stack {
		if c.path != abs {
			continue
		}
		chain := make([]string, 0, len(stack)-i+1)
		for _, d := range stack[i+1:] {
			chain = append(chain, fmt.Sprintf("%s calls %s at %s", shortPath(d.call.Filename), shortPath(d.path), rangeString(d.call)))
		}
		chain = append(chain, fmt.Sprintf("%s calls %s at %s", shortPath(s.source.Range.Filename), shortPath(abs), rangeString(s.source.Expr.Range())))
		l.diags = append(l.diags, errorDiag("Cycle between pipelines",
			fmt.Sprintf("Pipeline pipe %q calls a pipeline that is already being loaded: %s.", pp.ID, strings.Join(chain, "; ")), s.source.Expr.Range()))
		return
	}

	vars, sensitive, varsRange, ok := l.subVars(s)
	if !ok {
		return
	}
	opts := l.opts
	opts.Vars, opts.VarFiles, opts.APIVars = nil, nil, nil
	opts.sub = &subLoad{
		stack:     append(slices.Clone(stack), callSite{path: abs, call: s.source.Expr.Range()}),
		vars:      vars,
		sensitive: sensitive,
		varsRange: varsRange,
		files:     l.p.files,
	}
	child, diags := l.loadChild(path, opts)
	l.diags = append(l.diags, diags...)
	if child == nil {
		l.diags = append(l.diags, errorDiag("Cannot load sub-pipeline",
			fmt.Sprintf("Pipe %q calls the pipeline %s, which cannot be read.", pp.ID, path), s.source.Expr.Range()))
		return
	}
	if diags.HasErrors() {
		l.diags = append(l.diags, errorDiag("Invalid sub-pipeline",
			fmt.Sprintf("Pipe %q calls the pipeline %s, which has errors (shown with their places in it).", pp.ID, path), s.source.Expr.Range()))
		return
	}
	if len(child.Schedules) > 0 || child.Timeout != 0 || child.Deadline != 0 || child.FailFast || child.Parallelism != defaultParallelism {
		// Parsed in the child, but a call runs its pipes in the caller's run.
		l.diags = append(l.diags, warningDiag("Settings of a called pipeline not used",
			fmt.Sprintf("The pipeline %s has a `pipeline` block or `schedule` blocks; called by pipe %q, its pipes run under the calling run's parallelism, timeout, deadline and on_failure, and its schedules do not fire.", path, pp.ID), s.source.Expr.Range()))
	}
	if child.handlers {
		l.diags = append(l.diags, warningDiag("Handlers of a called pipeline not used",
			fmt.Sprintf("The pipeline %s has handler blocks; called by pipe %q, its pipes are the calling run's, whose own handlers run.", path, pp.ID), s.source.Expr.Range()))
	}
	l.splice(pp, child)
}

// loadChild loads the pipeline at path (a file or a directory). A file is
// read through opts.ReadFile, so that an engine that ships the files (a
// worker without them) can load it; nil when path cannot be read.
func (l *loader) loadChild(path string, opts LoadOptions) (*Pipeline, hcl2.Diagnostics) {
	if _, isDir, err := listPipeline(path, opts.ListDir); err == nil && isDir {
		p, diags := Load(path, opts)
		l.p.subFiles = append(l.p.subFiles, p.sourceNames...)
		l.p.subFiles = append(l.p.subFiles, p.subFiles...)
		return p, diags
	}
	src, err := opts.ReadFile(path)
	if err != nil {
		return nil, nil
	}
	p, diags := LoadSource(path, src, opts)
	l.p.subFiles = append(l.p.subFiles, path)
	l.p.subFiles = append(l.p.subFiles, p.subFiles...)
	return p, diags
}

// callStack is the pipelines being loaded, this one last.
func (l *loader) callStack() []callSite {
	if l.opts.sub != nil {
		return l.opts.sub.stack
	}
	return []callSite{{path: l.rootPath}}
}

// shortPath shows a path relative to the working directory when it is below it.
func shortPath(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return p
}

// subVars evaluates the vars of a pipeline pipe: values known at load.
func (l *loader) subVars(s pendingSub) (map[string]cty.Value, map[string]bool, hcl2.Range, bool) {
	rng := s.pp.DeclRange
	if s.vars == nil {
		return nil, nil, rng, true
	}
	rng = s.vars.Expr.Range()
	refs, diags := l.references(s.vars.Expr, scope{what: "vars of a pipeline pipe"})
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return nil, nil, rng, false
	}
	v, ok := l.loadValue(s.vars, "vars")
	if !ok {
		return nil, nil, rng, false
	}
	if v.IsNull() {
		return nil, nil, rng, true
	}
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		l.diags = append(l.diags, errorDiag("Invalid vars", fmt.Sprintf("vars must be an object of values by variable name; got %s.", typeName(v)), rng))
		return nil, nil, rng, false
	}
	vals := v.AsValueMap()
	var sensitive map[string]bool
	if l.refsSensitive(refs) {
		// Which entry reads the secret is not known from the references of
		// the whole object: every entry is sensitive.
		sensitive = map[string]bool{}
		for k := range vals {
			sensitive[k] = true
		}
	}
	return vals, sensitive, rng, true
}

// splice adds the pipes of child to the pipeline as the steps of pp.
func (l *loader) splice(pp *Pipe, child *Pipeline) {
	prefix := pp.ID + "."
	pp.child = child
	at := slices.Index(l.p.Pipes, pp) + 1 // its pipes follow it
	added := make([]*Pipe, 0, len(child.Pipes))
	for name, size := range child.Pools {
		l.p.Pools[prefix+name] = size
	}
	for _, cp := range child.Pipes {
		c := *cp
		c.ID = prefix + cp.ID
		c.Path = pp.Path + "." + cp.Path
		if cp.Parent == "" {
			c.Parent = pp.ID
			pp.Steps = append(pp.Steps, c.ID)
		} else {
			c.Parent = prefix + cp.Parent
		}
		c.Steps = prefixed(prefix, cp.Steps)
		c.Deps = prefixed(prefix, cp.Deps)
		if cp.Parent == "" {
			c.Deps = append([]string{pp.ID}, c.Deps...)
		}
		if cp.FanOut != "" {
			c.FanOut = prefix + cp.FanOut
		}
		if cp.Pool != "" {
			c.Pool = prefix + cp.Pool
		}
		c.sub = &subPipe{owner: child, local: cp.ID, prefix: prefix}
		added = append(added, &c)
		l.p.byID[c.ID] = &c
		l.pipeDecls[c.ID] = &c
		l.pipeSpecs[c.ID] = &pipeDecl{}
	}
	l.p.Pipes = slices.Insert(l.p.Pipes, at, added...)
	l.children = append(l.children, child)
}

func prefixed(prefix string, ids []string) []string {
	if ids == nil {
		return nil
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = prefix + id
	}
	return out
}

// resolveSubVariables gives the variables of a sub-pipeline their values:
// those its caller's vars give, else their defaults.
func (l *loader) resolveSubVariables() {
	sub := l.opts.sub
	var undeclared []string
	for name := range sub.vars {
		if _, ok := l.varDecls[name]; !ok {
			undeclared = append(undeclared, name)
		}
	}
	sort.Strings(undeclared)
	for _, name := range undeclared {
		l.diags = append(l.diags, errorDiag("Value for undeclared variable",
			fmt.Sprintf("vars sets %q, but the pipeline %s declares no such variable.%s", name, shortPath(sub.stack[len(sub.stack)-1].path), didYouMean(name, l.varNames)), sub.varsRange))
	}
	for _, v := range l.p.Variables {
		val, ok := cty.NilVal, false
		if given, set := sub.vars[v.Name]; set {
			val, ok = l.conformVariable(v, given, sub.varsRange, "The value given by vars")
			v.Source = SourceCaller
			if sub.sensitive[v.Name] {
				v.Sensitive = true
			}
		} else if v.Default != cty.NilVal {
			val, ok = v.Default, true
			v.Source = SourceDefault
		} else if !l.varHasDefault[v.Name] {
			l.diags = append(l.diags, errorDiag("No value for required variable",
				fmt.Sprintf("Variable %q has no default, so the pipeline pipe calling this pipeline must give it in vars (at %s).", v.Name, rangeString(sub.varsRange)), v.DeclRange))
		}
		rng := sub.varsRange
		if v.Source == SourceDefault {
			rng = l.defaultRanges[v.Name]
		}
		l.setVariable(v, val, ok, rng)
	}
	l.p.varsVal = cty.ObjectVal(l.vars)
}

// subOutputs is the output of sub-pipeline pipe pp: the object of the
// outputs of its pipeline, evaluated with the states of its pipes.
func (p *Pipeline) subOutputs(pp *Pipe, states States, rc *RunContext) cty.Value {
	s := &subPipe{owner: pp.child, prefix: pp.ID + "."}
	vals, _ := pp.child.evalOutputs(s.states(states), rc)
	attrs := make(map[string]cty.Value, len(vals))
	for _, v := range vals {
		attrs[v.Name] = v.Value
	}
	return cty.ObjectVal(attrs)
}

// SubPipelineFiles are the paths of the files of the sub-pipelines the
// pipeline calls, at any depth, as they were read (LoadOptions.ReadFile):
// what an engine running the pipeline elsewhere ships with it.
func (p *Pipeline) SubPipelineFiles() []string { return slices.Clone(p.subFiles) }

// isSubPipeline reports whether use is the literal "pipeline".
func isSubPipeline(use *hcl2.Attribute) bool {
	if s, ok := stringLiteral(use.Expr); ok {
		return s == subPipelineType
	}
	if len(variables(use.Expr)) > 0 {
		return false
	}
	v, diags := use.Expr.Value(nil)
	return !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() && v.AsString() == subPipelineType
}
