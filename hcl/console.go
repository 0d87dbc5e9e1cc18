package hcl

import (
	"fmt"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// EvalText evaluates the expression src against the pipeline without
// running anything: its variables, locals and functions, and pipe.<id>
// from states. With nil states every pipe is unknown (a plan: what reads a
// pipe is known after apply); each is unknown too. filename and start
// place src in diagnostics: the text of an argument as written in a file,
// or a line typed at a console. A value that is not wholly known is
// returned unknown, with no diagnostic.
func (p *Pipeline) EvalText(filename string, src []byte, start hcl2.Pos, states States) (cty.Value, hcl2.Diagnostics) {
	if diags := CheckSource(filename, src); diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	expr, diags := hclsyntax.ParseExpression(src, filename, start)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	var refs []reference
	seen := map[string]bool{}
	for _, t := range expr.Variables() {
		switch root := t.RootName(); root {
		case rootVar, rootLocal:
		case rootEach:
		case rootPipe:
			name, ok := pipeName(t)
			if !ok {
				return cty.DynamicVal, append(diags, errorDiag("Invalid reference", "A pipe is read as pipe.<id>.", t.SourceRange()))
			}
			if _, ok := p.byID[name]; !ok {
				return cty.DynamicVal, append(diags, errorDiag("Reference to undeclared pipe",
					fmt.Sprintf("The pipeline has no pipe %q.%s", name, didYouMean(name, p.pipeIDs())), t.SourceRange()))
			}
			if !seen[name] {
				seen[name] = true
				refs = append(refs, reference{root: rootPipe, name: name, rng: t.SourceRange()})
			}
		default:
			return cty.DynamicVal, append(diags, errorDiag("Unknown reference",
				fmt.Sprintf("%q is not a name an expression can read: use var, local, pipe or each.", root), t.SourceRange()))
		}
	}
	var ctx *hcl2.EvalContext
	if states == nil {
		pipes := map[string]cty.Value{}
		for _, r := range refs {
			pipes[r.name] = cty.DynamicVal
		}
		ctx = budgetContext(map[string]cty.Value{rootVar: p.varsVal, rootLocal: p.localsVal, rootPipe: cty.ObjectVal(pipes), rootEach: cty.DynamicVal,
			rootPath: p.pathVal, rootRun: (*RunContext)(nil).value(p.Name)}, p.functions)
	} else {
		var d hcl2.Diagnostics
		ctx, d = p.evalContext(nil, refs, states, nil, nil)
		if d.HasErrors() {
			return cty.DynamicVal, append(diags, d...)
		}
		ctx.Variables[rootEach] = cty.DynamicVal
	}
	v, d := expr.Value(ctx)
	diags = append(diags, d...)
	if !v.IsWhollyKnown() && !diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	return v, diags
}

// pipeName is the id of pipe.<id>.
func pipeName(t hcl2.Traversal) (string, bool) {
	if len(t) < 2 {
		return "", false
	}
	a, ok := t[1].(hcl2.TraverseAttr)
	return a.Name, ok
}

func (p *Pipeline) pipeIDs() []string {
	ids := make([]string, 0, len(p.byID))
	for id := range p.byID {
		ids = append(ids, id)
	}
	return ids
}
