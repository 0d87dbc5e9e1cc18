package hcl

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/gocty"

	"github.com/dagrun/dagrun/dag"
	"github.com/dagrun/dagrun/pipes"
)

// pipeDecl is what the loader keeps of a pipe block until the pipe is resolved.
type pipeDecl struct {
	own     retrySpec
	pool    string
	hasPool bool
	// args are the type's arguments; nil for composites and when the type is
	// unknown.
	args *hcl2.BodyContent
	// argsOK: the arguments matched the type's schema.
	argsOK bool
}

// declarePipe decodes a pipe block and, recursively, its steps. Only the
// block's own structure is checked here; references are checked by analysePipe
// once every pipe is declared.
func (l *loader) declarePipe(b *hcl2.Block, parent *Pipe, attach bool) {
	id := b.Labels[0]
	handler := b.Type == handlerSpec.Type
	if handler {
		id = HandlerID(b.Labels[0])
	}
	pp := &Pipe{ID: id, Path: id, DeclRange: b.DefRange, Trigger: defaultTrigger}
	if handler {
		pp.Handler = b.Labels[0]
	}
	if parent != nil {
		pp.Parent = parent.ID
		pp.Path = parent.Path + "." + id
	}
	register := attach
	if !handler && !validIdentifier(id) {
		l.diags = append(l.diags, errorDiag("Invalid pipe id",
			fmt.Sprintf("%q is not a valid pipe id: use letters, digits, underscores and dashes, starting with a letter, so that pipe.<id> can reference it.", id), b.LabelRanges[0]))
		register = false
	} else if first, dup := l.pipeDecls[id]; dup {
		l.diags = append(l.diags, &hcl2.Diagnostic{
			Severity: hcl2.DiagError,
			Summary:  "Duplicate pipe id",
			Detail:   fmt.Sprintf("A pipe with id %q%s is already declared at %s. Pipe ids are unique in the whole pipeline, nested pipes included.", id, pathNote(first), rangeString(first.DeclRange)),
			Subject:  b.DefRange.Ptr(),
		})
		register = false
	}

	decl := &pipeDecl{}
	content, remain, diags := splitBody(b.Body, pipeMetaSchema)
	l.diags = append(l.diags, diags...)
	attrs := content.Attributes
	nested := content.Blocks
	if handler {
		l.checkHandlerAttrs(pp, attrs, nested)
		attrs, nested = withoutHandlerAttrs(attrs), nil
	}

	use := attrs["use"]
	sub := use != nil && isSubPipeline(use)
	switch {
	case sub && handler:
		l.diags = append(l.diags, errorDiag("Handler calling a pipeline",
			fmt.Sprintf("Handler %q may not call a pipeline: a handler is one pipe with a type (exec, http, ...).", pp.Handler), use.Range))
		register = false
	case sub:
		// Declared below, once its other meta-arguments are read.
	case use != nil:
		if name, ok := l.literalString(use, "use", `"exec"`); ok {
			pp.Type = l.lookupType(name, use)
		}
		if len(nested) > 0 {
			l.diags = append(l.diags, &hcl2.Diagnostic{
				Severity: hcl2.DiagError,
				Summary:  "Pipe with both use and steps",
				Detail:   fmt.Sprintf("Pipe %q has use and nested pipe blocks: a pipe either has a type, or is a composite whose nested pipes are its steps. Remove use, or move the nested pipes out.", id),
				Subject:  use.Range.Ptr(),
			})
		}
	case len(nested) == 0:
		l.diags = append(l.diags, errorDiag("Missing use",
			fmt.Sprintf("Pipe %q has neither use nor nested pipe blocks: set use to a pipe type (%s), or nest pipe blocks to make it a composite.", id, strings.Join(l.typeNames(), ", ")), b.DefRange))
	default:
		pp.Composite = true
	}

	if parent != nil {
		switch {
		case parent.FanOut != "":
			pp.FanOut = parent.FanOut
		case parent.ForEach != nil:
			pp.FanOut = parent.ID
		}
	}
	if a := attrs["for_each"]; a != nil {
		if pp.FanOut != "" {
			l.diags = append(l.diags, errorDiag("Nested for_each",
				fmt.Sprintf("Pipe %q is a step of for_each composite %q, whose instances already run it once per key: a for_each inside a for_each composite is not supported. Move the pipe out of the composite, or combine the collections into one (for example with setproduct).", id, pp.FanOut), a.Range))
		} else {
			pp.ForEach = &ForEach{Range: a.Expr.Range()}
			pp.forEachExpr = a.Expr
		}
	}
	if a := attrs["trigger"]; a != nil {
		if s, ok := l.literalString(a, "trigger", `"all_done"`); ok {
			if slices.Contains(triggerNames, s) {
				pp.Trigger = s
			} else {
				l.diags = append(l.diags, errorDiag("Invalid trigger",
					fmt.Sprintf("%q is not a trigger; the triggers are %s.%s", s, strings.Join(triggerNames, ", "), didYouMean(s, triggerNames)), a.Expr.Range()))
			}
		}
	}
	if a := attrs["sequential"]; a != nil {
		if !pp.Composite {
			l.diags = append(l.diags, errorDiag("sequential on a pipe without steps",
				fmt.Sprintf("sequential orders the steps of a composite pipe, and pipe %q has no nested pipe blocks.", id), a.Range))
		} else if v, ok := l.loadBool(a, "sequential"); ok {
			pp.Sequential = v
		}
	}
	if a := attrs["description"]; a != nil {
		pp.Description, _ = l.loadString(a, "description")
	}
	if a := attrs["allow_failure"]; a != nil {
		if pp.Composite {
			l.diags = append(l.diags, errorDiag("allow_failure on a composite pipe",
				fmt.Sprintf("allow_failure applies to a pipe that runs (one with `use`); set it on the steps of %q that may fail.", id), a.Range))
		} else if v, ok := l.loadBool(a, "allow_failure"); ok {
			pp.AllowFailure = v
		}
	}
	if a := attrs["pool"]; a != nil {
		if s, ok := l.loadString(a, "pool"); ok {
			if _, declared := l.poolRanges[s]; declared {
				decl.pool, decl.hasPool = s, true
			} else {
				l.diags = append(l.diags, errorDiag("Unknown pool",
					fmt.Sprintf("No pool %q is declared; add a pool %q block with a size.%s", s, s, didYouMean(s, slices.Sorted(maps.Keys(l.poolRanges)))), a.Expr.Range()))
			}
		}
	}
	l.loadFileGlobs(pp, attrs)
	if a := attrs["if"]; a != nil {
		pp.condition = a.Expr
		pp.HasCondition = true
	}
	l.declareSelfRules(pp, attrs, use != nil && !sub)
	if a := attrs["depends_on"]; a != nil {
		pp.depRefs = l.dependsOn(a)
	}
	decl.own = l.decodeRetry(attrs)
	remain = l.decodeDeadline(pp, remain)

	switch {
	case sub && handler:
	case sub:
		l.declareSub(pp, use, remain, len(nested))
	case pp.Type != nil && len(nested) == 0:
		decl.args, decl.argsOK = l.typeArgs(pp.Type, use, remain)
		if decl.args != nil { // else the type's struct is unusable (reported)
			pp.argsBody, pp.argsContent = remain, decl.args
		}
	case pp.Composite:
		_, diags := remain.Content(withMeta(&hcl2.BodySchema{}))
		l.diags = append(l.diags, diags...)
	}

	if register {
		l.pipeDecls[id] = pp
		l.pipeIDs = append(l.pipeIDs, id)
		l.pipeSpecs[id] = decl
		l.p.Pipes = append(l.p.Pipes, pp)
		l.p.byID[id] = pp
		if parent != nil {
			parent.Steps = append(parent.Steps, id)
		}
	}
	// The steps of a pipe left out of the model (invalid or duplicate id) are
	// still decoded for their own errors, and left out too.
	for _, nb := range nested {
		l.declarePipe(nb, pp, register)
	}
}

// loadFileGlobs reads `sources` and `generates`: lists of strings known at
// load, on a pipe that runs. On a pipe that runs per for_each instance they
// may read each: they are then kept, and evaluated per instance (FileGlobs).
func (l *loader) loadFileGlobs(pp *Pipe, attrs hcl2.Attributes) {
	for _, name := range []string{"sources", "generates"} {
		a := attrs[name]
		if a == nil {
			continue
		}
		if pp.Composite {
			l.diags = append(l.diags, errorDiag(name+" on a composite pipe",
				fmt.Sprintf("%s names the files of a pipe that runs (one with `use`); set it on the steps of %q.", name, pp.ID), a.Range))
			continue
		}
		if perInstance := pp.ForEach != nil || pp.FanOut != ""; perInstance && readsEach(a.Expr) {
			refs, diags := l.references(a.Expr, scope{what: name, each: true, self: pp})
			l.diags = append(l.diags, diags...)
			if diags.HasErrors() {
				continue
			}
			if pp.fileGlobs == nil {
				pp.fileGlobs = map[string]fileGlobsExpr{}
			}
			pp.fileGlobs[name] = fileGlobsExpr{expr: a.Expr, refs: refs}
			pp.EachFiles = true
			if name == "sources" {
				pp.SourcesRange = a.Expr.Range()
			}
			continue
		}
		v, ok := l.loadTyped(a, cty.List(cty.String), name)
		if !ok || v.IsNull() {
			continue
		}
		globs, diags := fileGlobList(name, v, a.Expr.Range())
		l.diags = append(l.diags, diags...)
		if name == "sources" {
			pp.Sources, pp.SourcesRange = globs, a.Expr.Range()
		} else {
			pp.Generates = globs
		}
	}
}

// fileGlobsExpr is a `sources` or `generates` that reads each.
type fileGlobsExpr struct {
	expr hcl2.Expression
	refs []reference
}

// readsEach reports whether expr reads each.key or each.value.
func readsEach(expr hcl2.Expression) bool {
	for _, t := range variables(expr) {
		if t.RootName() == rootEach {
			return true
		}
	}
	return false
}

// fileGlobList checks the value of `sources` or `generates`: globs, none
// empty.
func fileGlobList(name string, v cty.Value, rng hcl2.Range) ([]string, hcl2.Diagnostics) {
	var globs []string
	for _, e := range v.AsValueSlice() {
		if e.IsNull() || e.AsString() == "" {
			return nil, hcl2.Diagnostics{errorDiag("Invalid value for "+name,
				name+" must list globs of files, like [\"src/*.c\"]: an entry is empty or null.", rng)}
		}
		if !validGlob(e.AsString()) {
			return nil, hcl2.Diagnostics{errorDiag("Invalid glob",
				fmt.Sprintf("%s: %q is not a valid glob (an unclosed [ or {, or a \\ at the end).", name, e.AsString()), rng)}
		}
		globs = append(globs, e.AsString())
	}
	return globs, nil
}

// FileGlobs returns the `sources` and `generates` of pipe id, for the
// for_each instance each when they read it (each nil otherwise).
func (p *Pipeline) FileGlobs(id string, each *Each) (sources, generates []string, diags hcl2.Diagnostics) {
	if pp, ok := p.byID[id]; ok && pp.sub != nil {
		return pp.sub.owner.FileGlobs(pp.sub.local, each)
	}
	pp, ok := p.byID[id]
	if !ok {
		return nil, nil, nil
	}
	sources, generates = pp.Sources, pp.Generates
	for name, fg := range pp.fileGlobs {
		if each == nil {
			return nil, nil, hcl2.Diagnostics{errorDiag("No for_each instance",
				fmt.Sprintf("The %s of pipe %q read each: they are known per instance only.", name, id), fg.expr.Range())}
		}
		ctx, d := p.evalContext(pp, fg.refs, nil, each, nil)
		if diags = append(diags, d...); d.HasErrors() {
			return nil, nil, diags
		}
		v, d := fg.expr.Value(ctx)
		if diags = append(diags, d...); d.HasErrors() {
			return nil, nil, diags
		}
		cv, err := convertValue(v, cty.List(cty.String))
		if err != nil || cv.IsNull() || !cv.IsWhollyKnown() {
			return nil, nil, append(diags, errorDiag("Incorrect attribute value type",
				fmt.Sprintf("Inappropriate value for %s: a list of strings is required.", name), fg.expr.Range()))
		}
		globs, d := fileGlobList(name, cv, fg.expr.Range())
		if diags = append(diags, d...); d.HasErrors() {
			return nil, nil, diags
		}
		if name == "sources" {
			sources = globs
		} else {
			generates = globs
		}
	}
	return sources, generates, diags
}

// pathNote is " (routing.load)" for a nested pipe, "" otherwise.
func pathNote(pp *Pipe) string {
	if pp.Path == pp.ID {
		return ""
	}
	return " (" + pp.Path + ")"
}

func (l *loader) typeNames() []string {
	if l.opts.Types == nil {
		return nil
	}
	return l.opts.Types.Names()
}

func (l *loader) lookupType(name string, use *hcl2.Attribute) *pipes.Type {
	if l.opts.Types != nil {
		if t, ok := l.opts.Types.Lookup(name); ok {
			return t
		}
	}
	names := l.typeNames()
	list := "none are registered"
	if len(names) > 0 {
		list = "the types are " + strings.Join(names, ", ")
	}
	l.diags = append(l.diags, errorDiag("Unknown pipe type",
		fmt.Sprintf("There is no pipe type %q; %s.%s", name, list, didYouMean(name, names)), use.Expr.Range()))
	return nil
}

// argsSchema derives the schema of a type's arguments from its struct, turning
// gohcl's panics on unusable structs into errors.
func argsSchema(t *pipes.Type) (schema *hcl2.BodySchema, partial bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	schema, partial = gohcl.ImpliedBodySchema(t.NewArgs())
	return schema, partial, nil
}

// typeSchema is what typeArgs checks a type's bodies against, worked out once
// per type and load: gohcl's reflection over the argument struct was a fifth
// of loading a pipe.
type typeSchema struct {
	schema  *hcl2.BodySchema // with the meta-arguments unless partial
	partial bool
	err     error
}

func (l *loader) schemaOf(t *pipes.Type) *typeSchema {
	if ts, ok := l.typeSchemas[t]; ok {
		return ts
	}
	schema, partial, err := argsSchema(t)
	if err == nil {
		var reserved []string
		meta := metaArgNames()
		for _, a := range schema.Attributes {
			if slices.Contains(meta, a.Name) {
				reserved = append(reserved, a.Name)
			}
		}
		for _, b := range schema.Blocks {
			if slices.Contains(meta, b.Type) {
				reserved = append(reserved, b.Type)
			}
		}
		if len(reserved) > 0 {
			err = fmt.Errorf("its arguments %s are meta-arguments every pipe has", strings.Join(reserved, ", "))
		}
	}
	if err == nil && !partial {
		schema = withMeta(schema)
	}
	ts := &typeSchema{schema: schema, partial: partial, err: err}
	if l.typeSchemas == nil {
		l.typeSchemas = map[*pipes.Type]*typeSchema{}
	}
	l.typeSchemas[t] = ts
	return ts
}

// typeArgs checks the body left after the meta-arguments against the type's
// schema: unknown arguments (with suggestions) and missing required ones.
func (l *loader) typeArgs(t *pipes.Type, use *hcl2.Attribute, remain hcl2.Body) (*hcl2.BodyContent, bool) {
	ts := l.schemaOf(t)
	if ts.err != nil {
		l.diags = append(l.diags, errorDiag("Invalid pipe type",
			fmt.Sprintf("Pipe type %q cannot be used: %s. This is a problem of the type's registration, not of the pipeline.", t.Name, ts.err), use.Expr.Range()))
		return nil, false
	}
	var content *hcl2.BodyContent
	var diags hcl2.Diagnostics
	if ts.partial {
		content, _, diags = remain.PartialContent(ts.schema)
	} else {
		content, diags = remain.Content(ts.schema)
	}
	l.diags = append(l.diags, diags...)
	return content, !diags.HasErrors()
}

// withMeta adds the meta-arguments to a schema checked against the body left
// after them. They are hidden in that body, so they are never found again;
// being in the schema makes HCL suggest them for a misspelled argument
// ("retry" → "retries").
func withMeta(s *hcl2.BodySchema) *hcl2.BodySchema {
	out := &hcl2.BodySchema{
		Attributes: slices.Clone(s.Attributes),
		Blocks:     slices.Clone(s.Blocks),
	}
	for _, a := range pipeMetaSchema.Attributes {
		out.Attributes = append(out.Attributes, hcl2.AttributeSchema{Name: a.Name})
	}
	out.Blocks = append(out.Blocks, pipeMetaSchema.Blocks...)
	return out
}

// dependsOn reads depends_on as references, without evaluating it.
func (l *loader) dependsOn(a *hcl2.Attribute) []reference {
	exprs, diags := hcl2.ExprList(a.Expr)
	if diags.HasErrors() {
		l.diags = append(l.diags, errorDiag("Invalid depends_on",
			"depends_on must be a list of pipe references, like [pipe.fetch, pipe.load].", a.Expr.Range()))
		return nil
	}
	var refs []reference
	for _, e := range exprs {
		t, diags := hcl2.AbsTraversalForExpr(e)
		name, ok := stepName(t, 1)
		if diags.HasErrors() || t.RootName() != rootPipe || len(t) != 2 || !ok {
			l.diags = append(l.diags, errorDiag("Invalid depends_on reference",
				"Each element of depends_on must be a whole pipe, like pipe.fetch: no attributes, expressions or other references.", e.Range()))
			continue
		}
		refs = append(refs, reference{root: rootPipe, name: name, rng: e.Range()})
	}
	return refs
}

// analysePipe checks the references of a pipe's expressions and records them.
func (l *loader) analysePipe(pp *Pipe) {
	decl := l.pipeSpecs[pp.ID]
	var deps []reference
	for _, r := range pp.depRefs {
		if diag := l.checkPipeTarget(r.name, r.rng, pp); diag != nil {
			l.diags = append(l.diags, diag)
			continue
		}
		deps = append(deps, r)
	}
	pp.depRefs = deps
	each := pp.ForEach != nil || pp.FanOut != ""
	if pp.forEachExpr != nil {
		l.analyseForEach(pp)
	}
	if pp.condition != nil {
		refs, diags := l.references(pp.condition, scope{what: "the condition", pipes: true, each: each, self: pp, handler: pp.Handler != ""})
		l.diags = append(l.diags, diags...)
		pp.condRefs = refs
		pp.EachCondition = pp.FanOut != ""
		for _, r := range refs {
			if r.root == rootEach {
				pp.EachCondition = true
			}
		}
		if !diags.HasErrors() {
			l.checkConditionAtLoad(pp)
		}
	}
	l.analyseSelfRules(pp, each)
	if decl.args == nil {
		return
	}
	l.checkOneOf(pp, decl.args)
	type arg struct {
		name string
		rng  hcl2.Range
		expr []hcl2.Expression
	}
	var args []arg
	for name, a := range decl.args.Attributes {
		args = append(args, arg{name: name, rng: a.Range, expr: []hcl2.Expression{a.Expr}})
	}
	for _, b := range decl.args.Blocks {
		args = append(args, arg{name: b.Type, rng: b.DefRange, expr: bodyExprs(b.Body)})
	}
	sort.Slice(args, func(i, j int) bool { return args[i].rng.Start.Byte < args[j].rng.Start.Byte })
	for _, a := range args {
		info := ArgInfo{Name: a.name, Range: a.rng}
		for _, e := range a.expr {
			refs, diags := l.references(e, scope{what: "argument " + a.name, pipes: true, each: each, self: pp, handler: pp.Handler != ""})
			l.diags = append(l.diags, diags...)
			if diags.HasErrors() {
				l.argsErrors[pp.ID] = true
			}
			for _, r := range refs {
				if r.root == rootPipe || r.root == rootEach {
					info.KnownAfterApply = true
				}
			}
			if l.refsSensitive(refs) {
				info.Sensitive = true
			}
			pp.argRefs = append(pp.argRefs, refs...)
		}
		pp.Args = append(pp.Args, info)
	}
}

// bodyExprs returns every expression of a nested block body (native syntax).
func bodyExprs(body hcl2.Body) []hcl2.Expression {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	var out []hcl2.Expression
	for _, a := range sb.Attributes {
		out = append(out, a.Expr)
	}
	for _, b := range sb.Blocks {
		out = append(out, bodyExprs(b.Body)...)
	}
	return out
}

// checkConditionAtLoad evaluates `if` with unknown pipes: a condition that is
// known already (or whose type is) must be a bool.
func (l *loader) checkConditionAtLoad(pp *Pipe) {
	v, diags := pp.condition.Value(l.unknownPipesContext())
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() || v.Type() == cty.DynamicPseudoType {
		return
	}
	if _, err := convertValue(v, cty.Bool); err != nil || (v.IsKnown() && v.IsNull()) {
		l.diags = append(l.diags, errorDiag("Invalid condition",
			fmt.Sprintf("The condition (if) must be a bool; got %s.", typeName(v)), pp.condition.Range()))
	}
}

// leaves returns what waiting for pipe id means for a pipe of fan-out
// fanOut ("" outside any): id itself, or every typed pipe inside it at any
// depth when it is a composite; but a pipe of another fan-out stands for that
// whole fan-out (whose instances are not nodes of their own).
func (l *loader) leaves(id, fanOut string) []string {
	pp := l.pipeDecls[id]
	if pp == nil {
		return []string{id}
	}
	if fo := fanOutOf(pp); fo != "" && fo != fanOut {
		return []string{fo}
	}
	if !pp.Composite {
		return []string{id}
	}
	var out []string
	for _, s := range pp.Steps {
		out = append(out, l.leaves(s, fanOut)...)
	}
	return out
}

// computeDeps sets pp.Deps: the composite of a step, the previous step of a
// sequential composite, then every pipe referenced, in source order, with a
// composite replaced by its typed pipes. For a step of a for_each composite
// the dependencies inside the composite are per instance and stay its own;
// those outside are the composite's, the fan-out node's (it expands once they
// are done).
func (l *loader) computeDeps(pp *Pipe) {
	pp.depWhy = map[string]string{}
	if pp.Handler != "" {
		return // it runs after every pipe: what it reads is no dependency
	}
	fanOut := pp.FanOut
	owner := pp
	if fanOut != "" {
		owner = l.pipeDecls[fanOut]
	}
	add := func(id, why string) {
		to := pp
		if d := l.pipeDecls[id]; fanOut != "" && (d == nil || d.FanOut != fanOut) && id != fanOut {
			to = owner
		}
		if _, dup := to.depWhy[id]; dup || id == to.ID {
			return
		}
		to.depWhy[id] = why
		to.Deps = append(to.Deps, id)
	}
	if parent := l.pipeDecls[pp.Parent]; parent != nil {
		add(parent.ID, fmt.Sprintf("%s is a step of %s", pp.Path, parent.Path))
		if i := slices.Index(parent.Steps, pp.ID); parent.Sequential && i > 0 {
			prev := parent.Steps[i-1]
			for _, leaf := range l.leaves(prev, fanOut) {
				add(leaf, fmt.Sprintf("%s follows %s in sequential %s", pp.Path, l.pipeDecls[prev].Path, parent.Path))
			}
		}
	}
	var refs []reference
	for _, group := range [][]reference{pp.depRefs, pp.forEachRefs, pp.condRefs, pp.argRefs, pp.selfRules[SkipIf].refs, pp.selfRules[RetryIf].refs} {
		for _, r := range group {
			if r.root == rootPipe {
				refs = append(refs, r)
			}
		}
	}
	sortRefs(refs)
	for _, r := range refs {
		if l.checkPipeTarget(r.name, r.rng, pp) != nil {
			continue // reported by analysePipe
		}
		for _, leaf := range l.leaves(r.name, fanOut) {
			add(leaf, fmt.Sprintf("%s refers to pipe.%s at %s", pp.Path, r.name, rangeString(r.rng)))
		}
	}
}

// checkCycles builds the dependency graph and reports each cycle once, at the
// declaration of its earliest pipe, naming every pipe on it.
func (l *loader) checkCycles() {
	g := dag.New(len(l.p.Pipes))
	for _, pp := range l.p.Pipes {
		_, _ = g.AddNode(pp.ID) // ids are unique: duplicates are not registered
	}
	for _, pp := range l.p.Pipes {
		for _, d := range pp.Deps {
			_ = g.AddEdge(d, pp.ID)
		}
	}
	_, err := g.Compile()
	var ce *dag.CycleError
	if !errors.As(err, &ce) {
		return
	}
	index := map[string]int{}
	for i, pp := range l.p.Pipes {
		index[pp.ID] = i
	}
	for _, cycle := range ce.Cycles {
		if len(cycle) == 0 {
			continue
		}
		first := cycle[0]
		for _, id := range cycle {
			if index[id] < index[first] {
				first = id
			}
		}
		var why []string
		for i := 0; i+1 < len(cycle); i++ {
			a, b := l.pipeDecls[cycle[i]], l.pipeDecls[cycle[i+1]]
			if a == nil || b == nil {
				continue
			}
			if w, ok := b.depWhy[a.ID]; ok {
				why = append(why, w)
			} else if w, ok := a.depWhy[b.ID]; ok {
				why = append(why, w)
			}
		}
		paths := make([]string, len(cycle))
		for i, id := range cycle {
			paths[i] = id
			if pp := l.pipeDecls[id]; pp != nil {
				paths[i] = pp.Path
			}
		}
		detail := fmt.Sprintf("These pipes depend on each other, so none of them can start: %s.", strings.Join(paths, " → "))
		if len(why) > 0 {
			detail += " Because: " + strings.Join(why, "; ") + "."
		}
		l.diags = append(l.diags, errorDiag("Dependency cycle", detail, l.pipeDecls[first].DeclRange))
	}
}

// resolvePolicies applies the precedence of retry settings, timeout and pool:
// the pipe, its composites (innermost first), defaults, the type, the seed.
func (l *loader) resolvePolicies(pp *Pipe) {
	chain := []retrySpec{}
	pool, hasPool := "", false
	for a := pp; a != nil; a = l.pipeDecls[a.Parent] {
		decl := l.pipeSpecs[a.ID]
		chain = append(chain, decl.own)
		if !hasPool && decl.hasPool {
			pool, hasPool = decl.pool, true
		}
	}
	chain = append(chain, l.defaults)
	if pp.Type != nil {
		td := pp.Type.Retry
		chain = append(chain, retrySpec{retries: td.Retries, delay: td.Delay, backoff: td.Backoff, maxDelay: td.MaxDelay, jitter: td.Jitter})
	}
	pp.Retry = RetrySettings{
		Retries:  pick(chain, func(s retrySpec) *int { return s.retries }, defaultRetries),
		Delay:    pick(chain, func(s retrySpec) *time.Duration { return s.delay }, defaultRetryDelay),
		Backoff:  pick(chain, func(s retrySpec) *float64 { return s.backoff }, defaultBackoff),
		MaxDelay: pick(chain, func(s retrySpec) *time.Duration { return s.maxDelay }, defaultMaxDelay),
		Jitter:   pick(chain, func(s retrySpec) *float64 { return s.jitter }, defaultJitter),
	}
	// The delay's form comes from the most specific level that gives one:
	// retry_delays there, or retry_delay/retry_backoff, which leave out
	// retry_delays from less specific levels.
	for _, s := range chain {
		if s.delays != nil {
			pp.Retry.Delays = *s.delays
			break
		}
		if s.delay != nil || s.backoff != nil {
			break
		}
	}
	pp.Timeout = pick(chain, func(s retrySpec) *time.Duration { return s.timeout }, 0)
	if pp.Handler != "" {
		pp.Timeout = pick(chain[:1], func(s retrySpec) *time.Duration { return s.timeout }, DefaultHandlerTimeout)
	}
	pp.Pool = pool
}

// pick returns the first setting of the chain, or def.
func pick[T any](chain []retrySpec, field func(retrySpec) *T, def T) T {
	for _, s := range chain {
		if v := field(s); v != nil {
			return *v
		}
	}
	return def
}

// checkArgsAtLoad decodes the arguments of a typed pipe with the values known
// at load, so that a wrong type or a value the type's Check rejects is
// reported before anything runs. Arguments reading upstream pipes are checked
// at run time by DecodeArgs. ctx is the load's context (loadContext), shared
// by every pipe: evaluation does not modify it.
func (l *loader) checkArgsAtLoad(pp *Pipe, ctx *hcl2.EvalContext) {
	decl := l.pipeSpecs[pp.ID]
	if pp.Type == nil || decl.args == nil || !decl.argsOK || l.argsErrors[pp.ID] {
		return
	}
	allKnown := true
	var diags hcl2.Diagnostics
	fields := l.fieldsOf(pp)
	args := pp.Type.NewArgs()
	rv := reflect.ValueOf(args).Elem()
	for name, a := range decl.args.Attributes {
		if l.readsPipes(a.Expr, pp) {
			allKnown = false
			continue
		}
		v, d := a.Expr.Value(ctx)
		diags = append(diags, d...)
		if d.HasErrors() {
			allKnown = false
			continue
		}
		if !v.IsWhollyKnown() {
			allKnown = false // an earlier error made an input unknown
			continue
		}
		for i := range pp.Args {
			if a := &pp.Args[i]; a.Name == name && !a.Sensitive && !a.KnownAfterApply {
				a.Value = v
			}
		}
		if fields.plain[name] {
			// Simple structs are filled here; others only checked (DecodeBody fills them).
			field := rv.Field(fields.index[name])
			if !fields.simple {
				field = reflect.New(field.Type()).Elem()
			}
			target := field.Addr().Interface()
			if err := decodeValue(v, target); err != nil {
				diags = append(diags, errorDiag("Incorrect attribute value type",
					fmt.Sprintf("Inappropriate value for argument %s of %s: %s.", name, pp.Type.Name, err), a.Expr.Range()))
			}
		} else if fields.simple {
			rv.Field(fields.index[name]).Set(reflect.ValueOf(v)) // a cty.Value field
		}
	}
	for _, b := range decl.args.Blocks {
		for _, e := range bodyExprs(b.Body) {
			if l.readsPipes(e, pp) {
				allKnown = false
			}
		}
	}
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() || !allKnown {
		return
	}
	if !fields.simple || len(decl.args.Blocks) > 0 {
		// Blocks or fields of other kinds: gohcl decodes the body.
		args = pp.Type.NewArgs()
		d := gohcl.DecodeBody(pp.argsBody, ctx, args)
		l.diags = append(l.diags, d...)
		if d.HasErrors() {
			return
		}
	}
	cd := checkDiags(pp, decl.args, args)
	l.diags = append(l.diags, cd...)
	if !cd.HasErrors() && pureBody(decl.args) {
		// Nothing in them can change before the pipe runs: DecodeArgs returns
		// these rather than decoding the body again for every attempt.
		pp.staticArgs = l.p.withDefaults(pp.Type, args)
	}
}

// argFields says how gohcl.DecodeBody fills a type's argument struct, when it
// can be done without it: simple when every hcl-tagged field is an attribute
// decoded from a value (no blocks, expressions or remaining bodies). Then the
// loader decodes each attribute straight into its field, and DecodeArgs
// decodes with gohcl.DecodeExpression per attribute: gohcl.DecodeBody's
// reflection over the struct's tags for every pipe and attempt was a quarter
// of loading a pipe.
type argFields struct {
	simple bool
	index  map[string]int  // attribute name → field index
	plain  map[string]bool // attributes gohcl converts from a value (not a cty.Value or an hcl.Expression)
	names  []string        // the attribute names, sorted: diagnostics in a stable order
}

// fieldsOf returns the argFields of pp's type, worked out once per type and
// load, and sets pp.fields.
func (l *loader) fieldsOf(pp *Pipe) *argFields {
	t := pp.Type
	f, ok := l.typeFields[t]
	if !ok {
		f = newArgFields(t.Args)
		if l.typeFields == nil {
			l.typeFields = map[*pipes.Type]*argFields{}
		}
		l.typeFields[t] = f
	}
	pp.fields = f
	return f
}

func newArgFields(st reflect.Type) *argFields {
	f := &argFields{simple: true, index: map[string]int{}, plain: map[string]bool{}}
	for i := range st.NumField() {
		sf := st.Field(i)
		name, kind, ok := pipes.HCLTag(sf)
		if !ok {
			continue
		}
		if kind != "attr" && kind != "optional" {
			f.simple = false
			continue
		}
		f.index[name] = i
		f.names = append(f.names, name)
		switch sf.Type {
		case reflect.TypeFor[cty.Value]():
		case reflect.TypeFor[hcl2.Expression]():
			f.simple = false
		default:
			f.plain[name] = true
			if _, err := gocty.ImpliedType(reflect.New(sf.Type).Interface()); err != nil {
				f.simple = false // an hcl.Attribute, …: gohcl's business
			}
		}
	}
	slices.Sort(f.names)
	return f
}

// decode decodes content's attributes into a new argument struct of t, with
// gohcl's own per-expression decoding and diagnostics. Only for simple types;
// the required attributes were checked at load.
func (f *argFields) decode(t *pipes.Type, content *hcl2.BodyContent, ctx *hcl2.EvalContext) (any, hcl2.Diagnostics) {
	args := t.NewArgs()
	rv := reflect.ValueOf(args).Elem()
	var diags hcl2.Diagnostics
	for _, name := range f.names {
		if a := content.Attributes[name]; a != nil {
			diags = append(diags, gohcl.DecodeExpression(a.Expr, ctx, rv.Field(f.index[name]).Addr().Interface())...)
		}
	}
	return args, diags
}

// impureFunctions are the functions whose result may differ between load and
// an attempt: the clock, the environment, files.
var impureFunctions = map[string]bool{"timestamp": true, "env": true, "file": true}

// pureBody reports whether the expressions of c are native syntax and call no
// impure function, so that their values at load are their values at run time
// (given that they read no pipe and no each, which the caller checked).
func pureBody(c *hcl2.BodyContent) bool {
	var exprs []hcl2.Expression
	for _, a := range c.Attributes {
		exprs = append(exprs, a.Expr)
	}
	for _, b := range c.Blocks {
		if _, ok := b.Body.(*hclsyntax.Body); !ok {
			return false
		}
		exprs = append(exprs, bodyExprs(b.Body)...)
	}
	for _, e := range exprs {
		if _, ok := e.(hclsyntax.Expression); !ok || callsImpure(e) {
			return false
		}
	}
	return true
}

// callsImpure reports whether expr, native syntax, calls an impure
// function: walked by eachChild where it can (hclsyntax's walk allocates
// for every node), else by hclsyntax.
func callsImpure(expr hcl2.Expression) bool {
	if call, ok := expr.(*hclsyntax.FunctionCallExpr); ok && impureFunctions[call.Name] {
		return true
	}
	found := false
	if eachChild(expr, func(c hcl2.Expression) { found = found || callsImpure(c) }) {
		return found
	}
	return walkCallsImpure(expr)
}

// walkCallsImpure is callsImpure by hclsyntax's walk.
func walkCallsImpure(expr hcl2.Expression) bool {
	se, ok := expr.(hclsyntax.Expression)
	if !ok {
		return true // not native syntax: not known to be pure
	}
	found := false
	hclsyntax.VisitAll(se, func(n hclsyntax.Node) hcl2.Diagnostics {
		if call, ok := n.(*hclsyntax.FunctionCallExpr); ok && impureFunctions[call.Name] {
			found = true
		}
		return nil
	})
	return found
}

// readsPipes reports whether expr references a pipe or each.
func (l *loader) readsPipes(expr hcl2.Expression, pp *Pipe) bool {
	for _, t := range variables(expr) {
		if r := t.RootName(); r == rootPipe || r == rootEach || r == rootRun {
			return true
		}
	}
	return false
}

// checkDiags runs the type's Check and points each problem at its argument.
func checkDiags(pp *Pipe, args *hcl2.BodyContent, decoded any) hcl2.Diagnostics {
	err := pipes.Validate(pp.Type, decoded)
	if err == nil {
		return nil
	}
	var diags hcl2.Diagnostics
	argErrs := pipes.ArgErrors(err)
	if len(argErrs) == 0 {
		return hcl2.Diagnostics{errorDiag("Invalid arguments",
			fmt.Sprintf("Pipe %q (%s): %s.", pp.ID, pp.Type.Name, err), pp.DeclRange)}
	}
	for _, ae := range argErrs {
		subject := pp.DeclRange
		if args != nil {
			if a := args.Attributes[ae.Arg]; a != nil {
				subject = a.Expr.Range()
			} else {
				for _, b := range args.Blocks {
					if b.Type == ae.Arg {
						subject = b.DefRange
						break
					}
				}
			}
		}
		diags = append(diags, errorDiag("Invalid argument",
			fmt.Sprintf("Pipe %q (%s): %s: %s.", pp.ID, pp.Type.Name, ae.Arg, ae.Err), subject))
	}
	return diags
}

// decodeValue converts v into target (a pointer) the way gohcl does.
func decodeValue(v cty.Value, target any) error {
	if decodeStrings(v, target) {
		return nil
	}
	ty, err := gocty.ImpliedType(target)
	if err != nil {
		return nil // not a type gohcl converts to; DecodeBody decides
	}
	cv, err := convert.Convert(v, ty)
	if err != nil {
		return err
	}
	return gocty.FromCtyValue(cv, target)
}

// decodeStrings decodes the commonest arguments, a string or a list of
// strings given as a string or a tuple of known strings, without the
// reflection and conversions of decodeValue's general way (a sixth of the
// loader's own time), with the same result; false leaves target untouched
// for that way.
func decodeStrings(v cty.Value, target any) bool {
	if v.IsMarked() || !v.IsKnown() || v.IsNull() {
		return false
	}
	switch t := target.(type) {
	case *string:
		if v.Type() != cty.String {
			return false
		}
		*t = v.AsString()
		return true
	case *[]string:
		if !v.Type().IsTupleType() && !v.Type().IsListType() {
			return false
		}
		elems := v.AsValueSlice()
		for _, e := range elems {
			if e.Type() != cty.String || e.IsMarked() || !e.IsKnown() || e.IsNull() {
				return false
			}
		}
		out := make([]string, len(elems))
		for k, e := range elems {
			out[k] = e.AsString()
		}
		*t = out
		return true
	}
	return false
}

// splitBody is body.PartialContent(schema), with the same content and
// diagnostics, for a body none of whose items are hidden: a block's body as
// parsed, or the rest splitBody returned. The rest it returns holds only the
// items the schema does not name, where hclsyntax returns the whole body with
// those items hidden, in maps it builds and copies on each call (a tenth of
// the allocations of a load). Other bodies are left to PartialContent.
func splitBody(body hcl2.Body, schema *hcl2.BodySchema) (*hcl2.BodyContent, hcl2.Body, hcl2.Diagnostics) {
	b, ok := body.(*hclsyntax.Body)
	if !ok {
		return body.PartialContent(schema)
	}
	content := &hcl2.BodyContent{Attributes: hcl2.Attributes{}, MissingItemRange: b.MissingItemRange()}
	var diags hcl2.Diagnostics
	for _, as := range schema.Attributes {
		a, ok := b.Attributes[as.Name]
		if !ok {
			if as.Required {
				diags = append(diags, &hcl2.Diagnostic{
					Severity: hcl2.DiagError,
					Summary:  "Missing required argument",
					Detail:   fmt.Sprintf("The argument %q is required, but no definition was found.", as.Name),
					Subject:  b.MissingItemRange().Ptr(),
				})
			}
			continue
		}
		content.Attributes[as.Name] = a.AsHCLAttribute()
	}
	rest := &hclsyntax.Body{Attributes: b.Attributes, Blocks: b.Blocks, SrcRange: b.SrcRange, EndRange: b.EndRange}
	if len(content.Attributes) > 0 {
		rest.Attributes = make(hclsyntax.Attributes, len(b.Attributes)-len(content.Attributes))
		for name, a := range b.Attributes {
			if _, taken := content.Attributes[name]; !taken {
				rest.Attributes[name] = a
			}
		}
	}
	wanted := func(typ string) (hcl2.BlockHeaderSchema, bool) {
		for _, bs := range schema.Blocks {
			if bs.Type == typ {
				return bs, true
			}
		}
		return hcl2.BlockHeaderSchema{}, false
	}
	restBlocks := -1 // the blocks kept in rest, once one is not
	for k, blk := range b.Blocks {
		bs, ok := wanted(blk.Type)
		if !ok {
			if restBlocks >= 0 {
				rest.Blocks = append(rest.Blocks, blk)
			}
			continue
		}
		if restBlocks < 0 {
			restBlocks = k
			rest.Blocks = slices.Clone(b.Blocks[:k])
		}
		if d := blockLabelsDiag(blk, bs); d != nil {
			diags = append(diags, d)
			continue
		}
		content.Blocks = append(content.Blocks, blk.AsHCLBlock())
	}
	return content, rest, diags
}

// blockLabelsDiag is PartialContent's diagnostic for a block with more or
// fewer labels than its schema, nil when the count is right.
func blockLabelsDiag(blk *hclsyntax.Block, bs hcl2.BlockHeaderSchema) *hcl2.Diagnostic {
	switch {
	case len(blk.Labels) > len(bs.LabelNames) && len(bs.LabelNames) == 0:
		return &hcl2.Diagnostic{
			Severity: hcl2.DiagError,
			Summary:  fmt.Sprintf("Extraneous label for %s", blk.Type),
			Detail:   fmt.Sprintf("No labels are expected for %s blocks.", blk.Type),
			Subject:  blk.LabelRanges[0].Ptr(),
			Context:  hcl2.RangeBetween(blk.TypeRange, blk.OpenBraceRange).Ptr(),
		}
	case len(blk.Labels) > len(bs.LabelNames):
		return &hcl2.Diagnostic{
			Severity: hcl2.DiagError,
			Summary:  fmt.Sprintf("Extraneous label for %s", blk.Type),
			Detail: fmt.Sprintf("Only %d labels (%s) are expected for %s blocks.",
				len(bs.LabelNames), strings.Join(bs.LabelNames, ", "), blk.Type),
			Subject: blk.LabelRanges[len(bs.LabelNames)].Ptr(),
			Context: hcl2.RangeBetween(blk.TypeRange, blk.OpenBraceRange).Ptr(),
		}
	case len(blk.Labels) < len(bs.LabelNames):
		return &hcl2.Diagnostic{
			Severity: hcl2.DiagError,
			Summary:  fmt.Sprintf("Missing %s for %s", bs.LabelNames[len(blk.Labels)], blk.Type),
			Detail: fmt.Sprintf("All %s blocks must have %d labels (%s).",
				blk.Type, len(bs.LabelNames), strings.Join(bs.LabelNames, ", ")),
			Subject: &blk.OpenBraceRange,
			Context: hcl2.RangeBetween(blk.TypeRange, blk.OpenBraceRange).Ptr(),
		}
	}
	return nil
}
