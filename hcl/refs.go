package hcl

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// reference is one traversal of an expression, resolved statically: var.<name>,
// local.<name>, pipe.<id>.<attr> or each.<key|value>.
type reference struct {
	root string // "var", "local", "pipe" or "each"
	name string // variable, local or pipe id; "key"/"value" for each
	attr string // pipe references: output, status, error, attempts or duration
	// key is the instance key of pipe.<id>[key] when the pipe is a fan-out
	// read from outside (a map of instances) and the key is a literal; attr
	// then follows it, if anything does.
	key *string
	rng hcl2.Range
}

// scope says which references an expression may contain.
type scope struct {
	// what names the expression in messages: "retries", "the condition", ...
	what string
	// pipes: pipe.<id> is allowed (the expression is evaluated at run time).
	pipes bool
	// each: the pipe has for_each (or is a step of a for_each composite).
	each bool
	// forEach: the expression is a for_each collection.
	forEach bool
	// self is the pipe whose expression this is, if any.
	self *Pipe
	// selfAttrs are the attributes of `self` the expression may read (the
	// pipe's own result, in skip_if and retry_if); nil: self is not allowed.
	selfAttrs []string
	// handler: the expression is a handler's (run.status, run.failed).
	handler bool
}

// Reference roots.
const (
	rootVar   = "var"
	rootLocal = "local"
	rootPipe  = "pipe"
	rootEach  = "each"
	rootRun   = "run"
	rootPath  = "path"
	rootSelf  = "self"
)

var rootNames = []string{rootVar, rootLocal, rootPipe, rootEach, rootRun, rootPath, rootSelf}

// references finds the references of expr and checks each against the
// declarations: it never evaluates anything.
func (l *loader) references(expr hcl2.Expression, sc scope) ([]reference, hcl2.Diagnostics) {
	var refs []reference
	var diags hcl2.Diagnostics
	for _, t := range variables(expr) {
		r, diag := l.reference(t, sc)
		if diag != nil {
			diags = append(diags, diag)
			continue
		}
		refs = append(refs, r)
	}
	return refs, diags
}

// stepName returns the name of traversal step i: an attribute, or a string
// index (var["name"]).
func stepName(t hcl2.Traversal, i int) (string, bool) {
	if len(t) <= i {
		return "", false
	}
	switch s := t[i].(type) {
	case hcl2.TraverseAttr:
		return s.Name, true
	case hcl2.TraverseIndex:
		if s.Key.Type() == cty.String && s.Key.IsKnown() && !s.Key.IsNull() {
			return s.Key.AsString(), true
		}
	}
	return "", false
}

func (l *loader) reference(t hcl2.Traversal, sc scope) (reference, *hcl2.Diagnostic) {
	root := t.RootName()
	r := reference{root: root, rng: t.SourceRange()}
	name, ok := stepName(t, 1)
	subjectName := r.rng
	if len(t) > 1 {
		subjectName = t[1].SourceRange()
	}
	switch root {
	case rootVar:
		if !ok {
			return r, errorDiag("Invalid variable reference", "var must be followed by a variable name, like var.env.", r.rng)
		}
		if _, declared := l.varDecls[name]; !declared {
			return r, errorDiag("Reference to undeclared input variable",
				fmt.Sprintf("No variable %q is declared.%s", name, didYouMean(name, l.varNames)), subjectName)
		}
	case rootLocal:
		if !ok {
			return r, errorDiag("Invalid local value reference", "local must be followed by the name of a local value, like local.api.", r.rng)
		}
		if _, declared := l.localDecls[name]; !declared {
			return r, errorDiag("Reference to undeclared local value",
				fmt.Sprintf("No local value %q is declared.%s", name, didYouMean(name, l.localNames)), subjectName)
		}
	case rootPipe:
		if !ok {
			return r, errorDiag("Invalid pipe reference", "pipe must be followed by a pipe id and an attribute, like pipe.fetch.output.", r.rng)
		}
		if !sc.pipes {
			return r, errorDiag("Pipe reference not allowed here",
				fmt.Sprintf("%s is evaluated when the pipeline is loaded, before any pipe runs, so it may only use variables, locals and functions.", upperFirst(sc.what)), r.rng)
		}
		r.name = name
		if diag := l.checkPipeTarget(name, subjectName, sc.self); diag != nil {
			return r, diag
		}
		if target := l.pipeDecls[name]; mapped(target, sc.self) {
			return l.instanceReference(t, r, target)
		}
		attr, ok := stepName(t, 2)
		if !ok {
			return r, errorDiag("Incomplete pipe reference",
				fmt.Sprintf("pipe.%s must be followed by one of its attributes: %s (for example pipe.%s.output).", name, strings.Join(pipeAttrNames, ", "), name), r.rng)
		}
		if !slices.Contains(pipeAttrNames, attr) {
			return r, errorDiag("Unsupported pipe attribute",
				fmt.Sprintf("pipe.%s has no attribute %q; it has %s.%s", name, attr, strings.Join(pipeAttrNames, ", "), didYouMean(attr, pipeAttrNames)), t[2].SourceRange())
		}
		r.attr = attr
		return r, nil
	case rootEach:
		if sc.forEach {
			return r, errorDiag("Reference to each in for_each", "for_each defines each.key and each.value for the pipe's other expressions; the collection itself cannot use them.", r.rng)
		}
		if !sc.each {
			return r, errorDiag("Reference to each outside for_each", "each.key and each.value are only available in a pipe that has for_each.", r.rng)
		}
		if !ok || (name != "key" && name != "value") {
			return r, errorDiag("Invalid each reference", "each has two attributes: each.key and each.value.", r.rng)
		}
	case rootRun:
		if !ok || !slices.Contains(runAttrs, name) {
			return r, errorDiag("Invalid run reference", fmt.Sprintf("run has the attributes %s.%s", strings.Join(runAttrs, ", "), didYouMean(name, runAttrs)), r.rng)
		}
		if slices.Contains(handlerOnlyRunAttrs, name) && !sc.handler {
			return r, errorDiag("Run reference not allowed here",
				fmt.Sprintf("run.%s is known to handlers only (handler blocks), which run once the run's pipes have ended.", name), r.rng)
		}
		if !sc.pipes || sc.forEach {
			return r, errorDiag("Run reference not allowed here",
				fmt.Sprintf("%s is evaluated before the run has an id, so it may not use run.%s: run is known in the arguments and `if` of pipes and in outputs.", upperFirst(sc.what), name), r.rng)
		}
	case rootSelf:
		if diag := selfReference(t, name, ok, sc); diag != nil {
			return r, diag
		}
	case rootPath:
		if !ok || !slices.Contains(pathAttrs, name) {
			return r, errorDiag("Invalid path reference", fmt.Sprintf("path has the attributes %s.%s", strings.Join(pathAttrs, ", "), didYouMean(name, pathAttrs)), r.rng)
		}
	default:
		detail := fmt.Sprintf("There is no %q here: references start with var., local., pipe., run. or path.", root)
		if _, isPipe := l.pipeDecls[root]; isPipe {
			detail += fmt.Sprintf(" Did you mean pipe.%s?", root)
		} else {
			detail += didYouMean(root, rootNames)
		}
		return r, errorDiag("Unknown reference", detail, t[0].SourceRange())
	}
	r.name = name
	return r, nil
}

// checkPipeTarget checks that self (nil outside pipes) may reference pipe id.
func (l *loader) checkPipeTarget(id string, rng hcl2.Range, self *Pipe) *hcl2.Diagnostic {
	target, ok := l.pipeDecls[id]
	if !ok {
		return errorDiag("Reference to undeclared pipe",
			fmt.Sprintf("No pipe %q is declared.%s", id, didYouMean(id, l.pipeIDs)), rng)
	}
	if self == nil {
		return nil
	}
	if target == self {
		return errorDiag("Self-referential pipe", fmt.Sprintf("Pipe %q cannot reference or depend on itself.", id), rng)
	}
	for a := l.pipeDecls[self.Parent]; a != nil; a = l.pipeDecls[a.Parent] {
		if a == target {
			return errorDiag("Reference to an enclosing composite",
				fmt.Sprintf("Pipe %q is a step of composite %q: it runs as part of it, so it cannot wait for it to finish.", self.ID, id), rng)
		}
	}
	return nil
}

// sortRefs orders references by their position in the source.
func sortRefs(refs []reference) {
	slices.SortStableFunc(refs, func(a, b reference) int {
		return cmp.Or(strings.Compare(a.rng.Filename, b.rng.Filename), cmp.Compare(a.rng.Start.Byte, b.rng.Start.Byte))
	})
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// validIdentifier is hclsyntax.ValidIdentifier without its scanner for the
// ASCII names nearly all are: the scanner allocated tokens on every call, a
// quarter of a megabyte for a load of 1000 pipes. Other names go
// to hclsyntax.
func validIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			return hclsyntax.ValidIdentifier(s)
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// variables is expr.Variables(), in the same order, without hclsyntax's
// walk, which allocates for every node it visits (a fifth of the
// allocations of a load): the expressions that introduce no names of their
// own are walked here (eachChild), and only what else there is (for
// expressions, splats) is left to hclsyntax.
func variables(expr hcl2.Expression) []hcl2.Traversal {
	return appendVariables(nil, expr)
}

func appendVariables(out []hcl2.Traversal, expr hcl2.Expression) []hcl2.Traversal {
	if st, ok := expr.(*hclsyntax.ScopeTraversalExpr); ok {
		return append(out, st.Traversal)
	}
	if !eachChild(expr, func(c hcl2.Expression) { out = appendVariables(out, c) }) {
		// No enclosing expression here binds names, so the variables of
		// this part are those hclsyntax finds in it alone.
		out = append(out, expr.Variables()...)
	}
	return out
}

// eachChild calls f on the sub-expressions of expr in the order of
// hclsyntax's walk, and reports true, for the expressions that bind no
// names: literals, references, strings, lists, objects (a key that is a bare
// name is no reference, and is skipped), operators, calls, indexes. For
// the others (for expressions, splats, other syntaxes) it calls nothing and
// reports false: the caller walks them with hclsyntax.
func eachChild(expr hcl2.Expression, f func(hcl2.Expression)) bool {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr, *hclsyntax.ScopeTraversalExpr:
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			f(p)
		}
	case *hclsyntax.TemplateWrapExpr:
		f(e.Wrapped)
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			f(x)
		}
	case *hclsyntax.ObjectConsExpr:
		for _, item := range e.Items {
			f(item.KeyExpr)
			f(item.ValueExpr)
		}
	case *hclsyntax.ObjectConsKeyExpr:
		if e.ForceNonLiteral || hcl2.ExprAsKeyword(e.Wrapped) == "" {
			f(e.Wrapped)
		}
	case *hclsyntax.FunctionCallExpr:
		for _, a := range e.Args {
			f(a)
		}
	case *hclsyntax.BinaryOpExpr:
		f(e.LHS)
		f(e.RHS)
	case *hclsyntax.UnaryOpExpr:
		f(e.Val)
	case *hclsyntax.ConditionalExpr:
		f(e.Condition)
		f(e.TrueResult)
		f(e.FalseResult)
	case *hclsyntax.ParenthesesExpr:
		f(e.Expression)
	case *hclsyntax.IndexExpr:
		f(e.Collection)
		f(e.Key)
	case *hclsyntax.RelativeTraversalExpr:
		f(e.Source)
	default:
		return false
	}
	return true
}

// stringLiteral reads a quoted string without interpolation ("exec") from
// the syntax tree: the value its evaluation would give, without the
// evaluation's allocations. ok is false for any other expression.
func stringLiteral(expr hcl2.Expression) (string, bool) {
	t, ok := expr.(*hclsyntax.TemplateExpr)
	if !ok || len(t.Parts) != 1 {
		return "", false
	}
	lit, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr)
	if !ok || lit.Val.Type() != cty.String || lit.Val.IsNull() || !lit.Val.IsKnown() || lit.Val.IsMarked() {
		return "", false
	}
	return lit.Val.AsString(), true
}
