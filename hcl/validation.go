package hcl

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// validation is one `validation` block of a variable.
type validation struct {
	condition hcl2.Expression
	message   hcl2.Expression
	rng       hcl2.Range // the block's header
}

// decodeValidation reads a validation block of v. Its expressions may read
// v and call functions, nothing else.
func (l *loader) decodeValidation(v *Variable, b *hcl2.Block) {
	content, diags := b.Body.Content(validationSpec.schema())
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return
	}
	vd := validation{condition: content.Attributes["condition"].Expr, message: content.Attributes["error_message"].Expr, rng: b.DefRange}
	ok := true
	for _, e := range []hcl2.Expression{vd.condition, vd.message} {
		for _, t := range variables(e) {
			name, _ := stepName(t, 1)
			if t.RootName() != rootVar || name != v.Name {
				l.diags = append(l.diags, errorDiag("Invalid reference in variable validation",
					fmt.Sprintf("A validation rule of variable %q may only use var.%s and functions.", v.Name, v.Name), t.SourceRange()))
				ok = false
			}
		}
	}
	if ok {
		l.validations[v.Name] = append(l.validations[v.Name], vd)
	}
}

// validate checks val, the value of v given at rng, against v's validation
// rules; a rule it breaks is an error at rng with the rule's message. A rule
// that cannot be evaluated is an error at the rule.
func (l *loader) validate(v *Variable, val cty.Value, rng hcl2.Range) bool {
	rules := l.validations[v.Name]
	if len(rules) == 0 {
		return true
	}
	ctx := budgetContext(map[string]cty.Value{
		rootVar: cty.ObjectVal(map[string]cty.Value{v.Name: val}),
	}, l.p.functions)
	ok := true
	for _, r := range rules {
		cv, diags := r.condition.Value(ctx)
		if !diags.HasErrors() {
			var err error
			if cv, err = convertValue(cv, cty.Bool); err != nil || cv.IsNull() || !cv.IsKnown() {
				diags = append(diags, errorDiag("Invalid validation condition",
					fmt.Sprintf("The condition of a validation rule must be true or false; got %s.", typeName(cv)), r.condition.Range()))
			}
		}
		if diags.HasErrors() {
			l.diags = append(l.diags, l.redactDiags(v, val, diags)...)
			ok = false
			continue
		}
		if cv.True() {
			continue
		}
		msg := "(the error message could not be evaluated)"
		if mv, d := r.message.Value(ctx); !d.HasErrors() {
			if sv, err := convertValue(mv, cty.String); err == nil && !sv.IsNull() && sv.IsKnown() {
				msg = sv.AsString()
			}
		}
		if v.Sensitive {
			msg = redactValue(msg, val)
		}
		l.diags = append(l.diags, &hcl2.Diagnostic{
			Severity: hcl2.DiagError,
			Summary:  "Invalid value for variable",
			Detail:   fmt.Sprintf("%s\n\nThis was checked by the validation rule at %s.", msg, rangeString(r.rng)),
			Subject:  rng.Ptr(),
		})
		ok = false
	}
	return ok
}

// redactDiags hides the value of a sensitive variable in diagnostics about it.
func (l *loader) redactDiags(v *Variable, val cty.Value, diags hcl2.Diagnostics) hcl2.Diagnostics {
	if !v.Sensitive {
		return diags
	}
	for _, d := range diags {
		d.Summary, d.Detail = redactValue(d.Summary, val), redactValue(d.Detail, val)
	}
	return diags
}

// redactValue replaces the strings inside val in s.
func redactValue(s string, val cty.Value) string {
	leaves := stringLeaves(val)
	slices.SortFunc(leaves, func(a, b string) int { return len(b) - len(a) })
	for _, leaf := range leaves {
		s = strings.ReplaceAll(s, leaf, sensitiveText)
	}
	return s
}

// checkAPIVars reports run parameters that name no variable.
func (l *loader) checkAPIVars() {
	var undeclared []string
	for name := range l.opts.APIVars {
		if _, ok := l.varDecls[name]; !ok {
			undeclared = append(undeclared, name)
		}
	}
	sort.Strings(undeclared)
	for _, name := range undeclared {
		l.diags = append(l.diags, &hcl2.Diagnostic{Severity: hcl2.DiagError, Summary: "Value for undeclared variable",
			Detail: fmt.Sprintf("The run's parameters set %q, but the pipeline declares no such variable.%s", name, didYouMean(name, l.varNames))})
	}
}

// jsonVariable decodes a run parameter of v, given as JSON, to v's type.
func (l *loader) jsonVariable(v *Variable, raw json.RawMessage) (cty.Value, bool, hcl2.Range) {
	shown := string(raw)
	if v.Sensitive {
		shown = sensitiveText
	}
	rng := l.pseudoFile(fmt.Sprintf("<run parameter %s>", v.Name), shown)
	ty := v.Type
	if ty == cty.DynamicPseudoType || l.varTypeDefaults[v.Name] != nil {
		implied, err := ctyjson.ImpliedType(raw)
		if err != nil {
			l.diags = append(l.diags, errorDiag("Invalid value for variable",
				fmt.Sprintf("The run parameter %s is not valid JSON.", v.Name), rng))
			return cty.NilVal, false, rng
		}
		ty = implied
	}
	val, err := ctyjson.Unmarshal(raw, ty)
	if err != nil {
		val, err = ctyjson.Unmarshal(raw, mustImplied(raw))
		if err != nil {
			l.diags = append(l.diags, errorDiag("Invalid value for variable",
				fmt.Sprintf("The run parameter %s is not valid JSON.", v.Name), rng))
			return cty.NilVal, false, rng
		}
	}
	val, ok := l.conformVariable(v, val, rng, "The run parameter")
	return val, ok, rng
}

// mustImplied is the type JSON raw implies, or DynamicPseudoType.
func mustImplied(raw json.RawMessage) cty.Type {
	ty, err := ctyjson.ImpliedType(raw)
	if err != nil {
		return cty.DynamicPseudoType
	}
	return ty
}
