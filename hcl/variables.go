package hcl

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// varEnvPrefix prefixes the environment variables that set pipeline variables.
const varEnvPrefix = "DAGRUN_VAR_"

// sensitiveText replaces sensitive values in Redact.
const sensitiveText = "(sensitive)"

func convertValue(v cty.Value, ty cty.Type) (cty.Value, error) {
	cv, err := convert.Convert(v, ty)
	if err != nil {
		return cty.NilVal, fmt.Errorf("%s required", ty.FriendlyNameForConstraint())
	}
	return cv, nil
}

func (l *loader) decodeVariables(blocks []*hcl2.Block) {
	for _, b := range blocks {
		name := b.Labels[0]
		content, diags := b.Body.Content(variableSpec.schema())
		l.diags = append(l.diags, diags...)
		if !validIdentifier(name) {
			l.diags = append(l.diags, errorDiag("Invalid variable name", fmt.Sprintf("%q is not a valid name: use letters, digits, underscores and dashes, starting with a letter.", name), b.LabelRanges[0]))
			continue
		}
		if first, dup := l.varDecls[name]; dup {
			l.diags = append(l.diags, errorDiag("Duplicate variable", fmt.Sprintf("Variable %q is already declared at %s.", name, rangeString(first.DeclRange)), b.DefRange))
			continue
		}
		v := &Variable{Name: name, Type: cty.DynamicPseudoType, DeclRange: b.DefRange}
		l.varDecls[name] = v
		l.varNames = append(l.varNames, name)
		l.p.Variables = append(l.p.Variables, v)
		l.varTypeDefaults[name] = nil

		if a := content.Attributes["type"]; a != nil {
			ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(a.Expr)
			l.diags = append(l.diags, diags...)
			if !diags.HasErrors() {
				v.Type = ty
				l.varTypeDefaults[name] = defaults
			}
		}
		if a := content.Attributes["description"]; a != nil {
			v.Description, _ = l.literal(a, cty.String, "description").stringOr("")
		}
		if a := content.Attributes["sensitive"]; a != nil {
			if r := l.literal(a, cty.Bool, "sensitive"); r.ok && !r.v.IsNull() {
				v.Sensitive = r.v.True()
			}
		}
		for _, vb := range content.Blocks {
			l.decodeValidation(v, vb)
		}
		if a := content.Attributes["default"]; a != nil {
			l.varHasDefault[name] = true
			l.defaultRanges[name] = a.Expr.Range()
			val, diags := a.Expr.Value(nil)
			l.diags = append(l.diags, diags...)
			if !diags.HasErrors() {
				if cv, ok := l.conformVariable(v, val, a.Expr.Range(), "The default value"); ok {
					v.Default = cv
				}
			}
		}
	}
}

// literalResult is a value read by literal.
type literalResult struct {
	v  cty.Value
	ok bool
}

func (r literalResult) stringOr(def string) (string, bool) {
	if !r.ok || r.v.IsNull() {
		return def, false
	}
	return r.v.AsString(), true
}

// literal reads an attribute whose value may not use references or functions
// (the attributes of a variable block), converted to ty.
func (l *loader) literal(attr *hcl2.Attribute, ty cty.Type, what string) literalResult {
	v, diags := attr.Expr.Value(nil)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return literalResult{}
	}
	cv, err := convertValue(v, ty)
	if err != nil {
		l.diags = append(l.diags, errorDiag("Incorrect attribute value type", fmt.Sprintf("Inappropriate value for %s: %s.", what, err), attr.Expr.Range()))
		return literalResult{}
	}
	return literalResult{v: cv, ok: true}
}

// conformVariable applies the type's optional-attribute defaults and converts
// val to the variable's type.
func (l *loader) conformVariable(v *Variable, val cty.Value, rng hcl2.Range, what string) (cty.Value, bool) {
	if d := l.varTypeDefaults[v.Name]; d != nil {
		val = d.Apply(val)
	}
	cv, err := convert.Convert(val, v.Type)
	if err != nil {
		l.diags = append(l.diags, errorDiag("Invalid value for variable",
			fmt.Sprintf("%s of variable %q is not valid: %s, got %s.", what, v.Name, convertError(err, v.Type), val.Type().FriendlyName()), rng))
		return cty.NilVal, false
	}
	return cv, true
}

func convertError(err error, ty cty.Type) string {
	if pe, ok := err.(cty.PathError); ok && len(pe.Path) > 0 {
		return err.Error()
	}
	return fmt.Sprintf("%s required", ty.FriendlyNameForConstraint())
}

// resolveVariables gives each variable its value: --var, then --var-file, then
// DAGRUN_VAR_<name>, then the default.
func (l *loader) resolveVariables() {
	fileVals := l.readVarFiles()

	undeclared := make([]string, 0)
	for name := range l.opts.Vars {
		if _, ok := l.varDecls[name]; !ok {
			undeclared = append(undeclared, name)
		}
	}
	sort.Strings(undeclared)
	for _, name := range undeclared {
		f := l.pseudoFile(fmt.Sprintf("<--var %s>", name), name+"="+l.opts.Vars[name])
		l.diags = append(l.diags, errorDiag("Value for undeclared variable",
			fmt.Sprintf("--var sets %q, but the pipeline declares no such variable.%s", name, didYouMean(name, l.varNames)), f))
	}

	l.checkAPIVars()
	for _, v := range l.p.Variables {
		val, ok := cty.NilVal, false
		var rng hcl2.Range
		if raw, set := l.opts.APIVars[v.Name]; set {
			val, ok, rng = l.jsonVariable(v, raw)
			v.Source = SourceAPI
		} else if raw, set := l.opts.Vars[v.Name]; set {
			val, ok, rng = l.rawVariable(v, raw, fmt.Sprintf("<value for var.%s>", v.Name), "The value given by --var")
			v.Source = SourceVar
		} else if fv, set := fileVals[v.Name]; set {
			val, ok = l.conformVariable(v, fv.val, fv.rng, "The value given by --var-file")
			rng = fv.rng
			v.Source = SourceVarFile
		} else if raw, set := l.opts.LookupEnv(varEnvPrefix + v.Name); set {
			val, ok, rng = l.rawVariable(v, raw, fmt.Sprintf("<value of %s%s>", varEnvPrefix, v.Name), "The value of "+varEnvPrefix+v.Name)
			v.Source = SourceEnv
		} else if v.Default != cty.NilVal {
			val, ok = v.Default, true
			rng = l.defaultRanges[v.Name]
			v.Source = SourceDefault
		} else if !l.varHasDefault[v.Name] { // else the default is invalid, and reported
			l.diags = append(l.diags, errorDiag("No value for required variable",
				fmt.Sprintf("Variable %q has no default, so it must be set: --var %s=..., a --var-file, or the environment variable %s%s.", v.Name, v.Name, varEnvPrefix, v.Name), v.DeclRange))
		}
		l.setVariable(v, val, ok, rng)
	}
	l.p.varsVal = cty.ObjectVal(l.vars)
}

// setVariable gives variable v its value val, found at rng (ok false: no
// valid value was found, and that was reported), once its validation rules
// hold.
func (l *loader) setVariable(v *Variable, val cty.Value, ok bool, rng hcl2.Range) {
	if ok {
		ok = l.validate(v, val, rng)
	}
	if !ok {
		// Unknown: expressions using it are not checked further, which
		// avoids a cascade of errors from this one.
		val = cty.UnknownVal(v.Type)
	}
	v.Value = val
	l.vars[v.Name] = val
	if v.Sensitive {
		l.sensitive[rootVar+"."+v.Name] = true
	}
}

// pseudoFile registers text given outside the pipeline files (a --var value,
// an environment variable) as a file, so that diagnostics about it render
// with an excerpt, and returns its whole range.
func (l *loader) pseudoFile(name, text string) hcl2.Range {
	src := []byte(text)
	l.p.files.byName[name] = &hcl2.File{Body: hcl2.EmptyBody(), Bytes: src}
	end := hcl2.Pos{Line: 1, Column: len(text) + 1, Byte: len(text)}
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		end = hcl2.Pos{Line: 1, Column: i + 1, Byte: i}
	}
	return hcl2.Range{Filename: name, Start: hcl2.InitialPos, End: end}
}

// rawVariable converts a raw string from the command line or the environment:
// literally for string and any, as an HCL expression otherwise.
func (l *loader) rawVariable(v *Variable, raw, filename, what string) (cty.Value, bool, hcl2.Range) {
	shown := raw
	if v.Sensitive {
		// The file is kept for rendering diagnostics: never the secret.
		shown = sensitiveText
	}
	rng := l.pseudoFile(filename, shown)
	if v.Type == cty.String || v.Type == cty.DynamicPseudoType {
		val, ok := l.conformVariable(v, cty.StringVal(raw), rng, what)
		return val, ok, rng
	}
	if diags := CheckSource(filename, []byte(raw)); diags.HasErrors() {
		l.diags = append(l.diags, diags...)
		return cty.NilVal, false, rng
	}
	expr, diags := hclsyntax.ParseExpression([]byte(raw), filename, hcl2.InitialPos)
	if diags.HasErrors() {
		l.diags = append(l.diags, diags...)
		return cty.NilVal, false, rng
	}
	if val, diags := expr.Value(nil); !diags.HasErrors() {
		val, ok := l.conformVariable(v, val, rng, what)
		return val, ok, rng
	}
	// Not a value of the variable's type written in HCL (abc for a
	// number): say what was expected, not what the expression parser
	// thought of it.
	got := fmt.Sprintf("%q", raw)
	if v.Sensitive {
		got = "a value that is not one"
	}
	l.diags = append(l.diags, errorDiag("Invalid value for variable",
		fmt.Sprintf("%s of variable %q is not valid: %s required, got %s. A value of this type is written as in HCL (a string in quotes, a list in brackets).", what, v.Name, v.Type.FriendlyNameForConstraint(), got), rng))
	return cty.NilVal, false, rng
}

type fileValue struct {
	val cty.Value
	rng hcl2.Range
}

// readVarFiles reads the --var-file files; a later file wins.
func (l *loader) readVarFiles() map[string]fileValue {
	vals := map[string]fileValue{}
	for _, path := range l.opts.VarFiles {
		src, err := l.opts.ReadFile(path)
		if err != nil {
			l.diags = append(l.diags, &hcl2.Diagnostic{Severity: hcl2.DiagError, Summary: "Cannot read variables file", Detail: err.Error()})
			continue
		}
		f, diags := parseConfig(src, path)
		l.diags = append(l.diags, diags...)
		if f == nil || diags.HasErrors() {
			continue
		}
		l.p.files.byName[path] = f
		attrs, diags := f.Body.JustAttributes()
		l.diags = append(l.diags, diags...)
		names := make([]string, 0, len(attrs))
		for n := range attrs {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool { return attrs[names[i]].Range.Start.Byte < attrs[names[j]].Range.Start.Byte })
		for _, n := range names {
			a := attrs[n]
			if _, ok := l.varDecls[n]; !ok {
				l.diags = append(l.diags, warningDiag("Value for undeclared variable",
					fmt.Sprintf("%s sets %q, but the pipeline declares no such variable; the value is ignored.%s", path, n, didYouMean(n, l.varNames)), a.NameRange))
				continue
			}
			v, diags := a.Expr.Value(nil)
			l.diags = append(l.diags, diags...)
			if diags.HasErrors() {
				continue
			}
			vals[n] = fileValue{val: v, rng: a.Expr.Range()}
		}
	}
	return vals
}

// decodeLocals collects the locals of every block, then evaluates them in
// dependency order; a cycle is reported once, naming each local on it.
func (l *loader) decodeLocals(blocks []*hcl2.Block) {
	for _, b := range blocks {
		attrs, diags := b.Body.JustAttributes()
		l.diags = append(l.diags, diags...)
		names := make([]string, 0, len(attrs))
		for n := range attrs {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool { return attrs[names[i]].Range.Start.Byte < attrs[names[j]].Range.Start.Byte })
		for _, n := range names {
			a := attrs[n]
			if first, dup := l.localDecls[n]; dup {
				l.diags = append(l.diags, errorDiag("Duplicate local value", fmt.Sprintf("Local value %q is already defined at %s.", n, rangeString(first.Range)), a.NameRange))
				continue
			}
			l.localDecls[n] = a
			l.localNames = append(l.localNames, n)
		}
	}

	refs := map[string][]reference{}
	bad := map[string]bool{}
	for _, n := range l.localNames {
		r, diags := l.references(l.localDecls[n].Expr, scope{what: "a local value"})
		l.diags = append(l.diags, diags...)
		refs[n] = r
		bad[n] = diags.HasErrors()
	}

	// Depth-first, in declaration order: a local on the stack reached again
	// closes a cycle.
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	var stack []string
	reported := map[string]bool{}
	var visit func(n string)
	visit = func(n string) {
		switch state[n] {
		case done:
			return
		case visiting:
			i := slices.Index(stack, n)
			cycle := stack[i:]
			key := strings.Join(slices.Sorted(slices.Values(cycle)), ",")
			if !reported[key] {
				reported[key] = true
				first := cycle[0]
				for _, c := range cycle {
					if l.localDecls[c].Range.Start.Byte < l.localDecls[first].Range.Start.Byte && l.localDecls[c].Range.Filename == l.localDecls[first].Range.Filename {
						first = c
					}
				}
				names := make([]string, 0, len(cycle)+1)
				for _, c := range cycle {
					names = append(names, "local."+c)
				}
				names = append(names, "local."+cycle[0])
				l.diags = append(l.diags, errorDiag("Cycle in local values",
					fmt.Sprintf("These local values depend on each other: %s.", strings.Join(names, " → ")), l.localDecls[first].NameRange))
			}
			for _, c := range cycle {
				bad[c] = true
			}
			return
		}
		state[n] = visiting
		stack = append(stack, n)
		for _, r := range refs[n] {
			if r.root == rootLocal {
				visit(r.name)
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
		l.evalLocal(n, refs[n], bad)
	}
	for _, n := range l.localNames {
		visit(n)
	}
	l.p.localsVal = cty.ObjectVal(l.locals)
}

// evalLocal computes one local whose dependencies are computed.
func (l *loader) evalLocal(n string, refs []reference, bad map[string]bool) {
	for _, r := range refs {
		if l.sensitive[r.root+"."+r.name] {
			l.sensitive[rootLocal+"."+n] = true
		}
		if r.root == rootLocal && bad[r.name] {
			bad[n] = true
		}
	}
	if bad[n] {
		l.locals[n] = cty.DynamicVal
		return
	}
	ctx := l.loadContext()
	// Only the locals it references, all computed (they come first in the
	// depth-first order).
	locals := map[string]cty.Value{}
	for _, r := range refs {
		if r.root == rootLocal {
			v, ok := l.locals[r.name]
			if !ok {
				v = cty.DynamicVal
			}
			locals[r.name] = v
		}
	}
	ctx.Variables[rootLocal] = cty.ObjectVal(locals)
	v, diags := l.localDecls[n].Expr.Value(ctx)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		v = cty.DynamicVal
		bad[n] = true
	}
	l.locals[n] = v
}
