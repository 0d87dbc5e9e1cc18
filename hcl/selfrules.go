package hcl

import (
	"fmt"
	"slices"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// SelfRule names a meta-argument evaluated on the pipe's own result after
// an attempt, where `self` is that result.
type SelfRule int

// The self rules.
const (
	// SkipIf: after an attempt that succeeded, true skips the pipe (reason
	// self) instead.
	SkipIf SelfRule = iota
	// RetryIf: after an attempt that failed and may be retried, false makes
	// the failure final.
	RetryIf
	numSelfRules
)

var selfRuleNames = [numSelfRules]string{"skip_if", "retry_if"}

// selfRuleAttrs are the attributes of self in each rule.
var selfRuleAttrs = [numSelfRules][]string{
	{"output", "exit_code"},
	{"output", "exit_code", "error", "attempt"},
}

func (r SelfRule) String() string {
	if r >= 0 && r < numSelfRules {
		return selfRuleNames[r]
	}
	return fmt.Sprintf("SelfRule(%d)", int(r))
}

// selfRule is one self rule of a pipe: its expression and references.
type selfRule struct {
	expr hcl2.Expression
	refs []reference
}

// SelfState is the pipe's own result as `self` shows it.
type SelfState struct {
	Output   cty.Value // cty.NilVal: null
	ExitCode *int      // the process's exit code, when the pipe has one; nil: null
	Error    string    // the attempt's error; "": null
	Attempt  int       // 1-based
}

// value is `self` in rule: only the attributes the rule may read.
func (s SelfState) value(rule SelfRule) cty.Value {
	code := cty.NullVal(cty.Number)
	if s.ExitCode != nil {
		code = cty.NumberIntVal(int64(*s.ExitCode))
	}
	m := map[string]cty.Value{"output": outputValue(s.Output), "exit_code": code}
	if rule == RetryIf {
		m["error"] = cty.NullVal(cty.String)
		if s.Error != "" {
			m["error"] = cty.StringVal(s.Error)
		}
		m["attempt"] = cty.NumberIntVal(int64(s.Attempt))
	}
	return cty.ObjectVal(m)
}

// declareSelfRules reads skip_if and retry_if; runs says whether the pipe
// runs attempts of its own (it has a type), where they apply.
func (l *loader) declareSelfRules(pp *Pipe, attrs hcl2.Attributes, runs bool) {
	for rule, name := range selfRuleNames {
		a := attrs[name]
		if a == nil {
			continue
		}
		if !runs {
			l.diags = append(l.diags, errorDiag(name+" on a composite pipe",
				fmt.Sprintf("%s is evaluated on the result of an attempt, and pipe %q makes none of its own: set it on its steps.", name, pp.ID), a.Range))
			continue
		}
		pp.selfRules[rule].expr = a.Expr
		switch SelfRule(rule) {
		case SkipIf:
			pp.HasSkipIf = true
		case RetryIf:
			pp.HasRetryIf = true
		}
	}
}

// analyseSelfRules checks the references of skip_if and retry_if, and that
// they are bools when their type is known at load.
func (l *loader) analyseSelfRules(pp *Pipe, each bool) {
	for rule := range pp.selfRules {
		sr := &pp.selfRules[rule]
		if sr.expr == nil {
			continue
		}
		name := selfRuleNames[rule]
		refs, diags := l.references(sr.expr, scope{what: name, pipes: true, each: each, self: pp, selfAttrs: selfRuleAttrs[rule]})
		l.diags = append(l.diags, diags...)
		sr.refs = refs
		if diags.HasErrors() {
			continue
		}
		ctx := l.unknownPipesContext()
		ctx.Variables[rootSelf] = cty.DynamicVal
		v, d := sr.expr.Value(ctx)
		l.diags = append(l.diags, d...)
		if d.HasErrors() || v.Type() == cty.DynamicPseudoType {
			continue
		}
		if _, err := convertValue(v, cty.Bool); err != nil || (v.IsKnown() && v.IsNull()) {
			l.diags = append(l.diags, errorDiag("Invalid "+name,
				fmt.Sprintf("%s must be a bool; got %s.", name, typeName(v)), sr.expr.Range()))
		}
	}
}

// selfReference checks a reference to self (attribute name; ok when the
// traversal names one) where sc allows it.
func selfReference(t hcl2.Traversal, name string, ok bool, sc scope) *hcl2.Diagnostic {
	rng := t.SourceRange()
	if sc.selfAttrs == nil {
		return errorDiag("Reference to self outside skip_if and retry_if",
			fmt.Sprintf("self is a pipe's own result, known once an attempt has ended: it may be read only in the pipe's skip_if and retry_if, not in %s.", sc.what), rng)
	}
	if !ok || !slices.Contains(sc.selfAttrs, name) {
		return errorDiag("Invalid self reference",
			fmt.Sprintf("In %s, self has the attributes %s.%s", sc.what, strings.Join(sc.selfAttrs, ", "), didYouMean(name, sc.selfAttrs)), rng)
	}
	return nil
}

// EvalSelfRule evaluates rule (skip_if, retry_if) of pipe id in run rc on
// the result of its attempt, self; each is the for_each element of an
// instance (nil otherwise), states what its references to other pipes read.
// It is false when the pipe has no such rule. A null, unknown or non-bool
// value is an error.
func (p *Pipeline) EvalSelfRule(rc RunContext, id string, rule SelfRule, each *Each, states States, self SelfState) (bool, hcl2.Diagnostics) {
	if pp, ok := p.byID[id]; ok && pp.sub != nil {
		return pp.sub.owner.EvalSelfRule(rc, pp.sub.local, rule, each, pp.sub.states(states), self)
	}
	if rule < 0 || rule >= numSelfRules {
		return false, hcl2.Diagnostics{{Severity: hcl2.DiagError, Summary: "Unknown self rule", Detail: rule.String()}}
	}
	pp, diags := p.lookupEach(id, each)
	if diags.HasErrors() {
		return false, diags
	}
	sr := pp.selfRules[rule]
	if sr.expr == nil {
		return false, nil
	}
	ctx, diags := p.evalContext(pp, sr.refs, states, each, &rc)
	if diags.HasErrors() {
		return false, diags
	}
	ctx.Variables[rootSelf] = self.value(rule)
	v, d := sr.expr.Value(ctx)
	diags = append(diags, d...)
	if diags.HasErrors() {
		return false, diags
	}
	name, rng := selfRuleNames[rule], sr.expr.Range()
	switch {
	case !v.IsKnown():
		return false, append(diags, errorDiag("Invalid "+name, name+" has no known value.", rng))
	case v.IsNull():
		return false, append(diags, errorDiag("Invalid "+name, name+" is null; it must be true or false.", rng))
	}
	b, err := convertValue(v, cty.Bool)
	if err != nil {
		return false, append(diags, errorDiag("Invalid "+name, fmt.Sprintf("%s must be a bool; got %s.", name, typeName(v)), rng))
	}
	return b.True(), diags
}

// The docs of skip_if and retry_if (the reference).
const (
	skipIfDoc  = "Evaluated on the pipe's own result after an attempt that succeeded: `self.output` and `self.exit_code` (exec's exit code; null for types without one). True ends the pipe `skipped` with reason `self`, as `skip_exit_codes` does: its dependents see a skipped upstream, and it is not retried. May read upstream pipes, variables and functions as `if` does. Not on a composite. `skip_if = self.output.stdout == \"\"`"
	retryIfDoc = "Evaluated after an attempt that failed and may be retried, over `self.error` (its error), `self.exit_code` (exec's; null for other types or when the process did not exit), `self.attempt` (1, 2, ...) and `self.output`: false makes the failure final (no more attempts). Whether a failure is retried, in order: a permanent failure never is; `retry_on_exit_codes` (exec), when set, must list its code; then `retry_if`, when set, must be true; and an attempt must be left (`retries`). When it is retried, `retry_delays`, or else `retry_delay` and `retry_backoff`, say after how long (capped by `retry_max_delay`, moved by `retry_jitter`). Not on a composite. `retry_if = self.exit_code == 75 || self.attempt < 2`"
)
