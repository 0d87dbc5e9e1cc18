package hcl

import (
	"fmt"
	"slices"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/rules"
)

// Pipe statuses as `pipe.<id>.status` shows them (the names of package rules).
var (
	StatusSucceeded = rules.StatusSucceeded.String()
	StatusFailed    = rules.StatusFailed.String()
	StatusSkipped   = rules.StatusSkipped.String()
	StatusCancelled = rules.StatusCancelled.String()
	StatusUpToDate  = rules.StatusUpToDate.String()
)

// DecodeArgs decodes the type arguments of pipe id into a new value of its
// type's argument struct (a pointer), with the results of the pipes it reads
// from states, and runs the type's Check. The diagnostics point at the
// arguments in the file. For a pipe that runs per for_each instance, use
// DecodeInstanceArgs.
//
// Arguments that read no pipe and call no impure function (timestamp, env,
// file) were decoded at load: that one value is returned to every caller, so
// it must be treated as read-only.
func (p *Pipeline) DecodeArgs(id string, states States) (any, hcl2.Diagnostics) {
	return p.decodeArgs(id, nil, states, nil)
}

// DecodeInstanceArgs is DecodeArgs for the instance of a for_each pipe (or of
// a step of a for_each composite) for element each: each.key and each.value
// are bound, and states gives, for the pipes of the same composite instance,
// that instance's results.
func (p *Pipeline) DecodeInstanceArgs(id string, each Each, states States) (any, hcl2.Diagnostics) {
	return p.decodeArgs(id, &each, states, nil)
}

// DecodeArgsIn is DecodeArgs (each nil) or DecodeInstanceArgs in run rc:
// run.<attribute> are rc's.
func (p *Pipeline) DecodeArgsIn(rc RunContext, id string, each *Each, states States) (any, hcl2.Diagnostics) {
	return p.decodeArgs(id, each, states, &rc)
}

func (p *Pipeline) decodeArgs(id string, each *Each, states States, rc *RunContext) (any, hcl2.Diagnostics) {
	if pp, ok := p.byID[id]; ok && pp.sub != nil {
		return pp.sub.owner.decodeArgs(pp.sub.local, each, pp.sub.states(states), rc)
	}
	pp, diags := p.lookupEach(id, each)
	if diags.HasErrors() {
		return nil, diags
	}
	if each == nil && pp.staticArgs != nil {
		return pp.staticArgs, nil // its body was dropped at load (finish)
	}
	if pp.Type == nil || pp.argsBody == nil {
		return nil, hcl2.Diagnostics{errorDiag("No arguments to decode",
			fmt.Sprintf("Pipe %q has no arguments to decode: it is a composite, or its type is unusable.", id), pp.DeclRange)}
	}
	ctx, diags := p.evalContext(pp, pp.argRefs, states, each, rc)
	if diags.HasErrors() {
		return nil, diags
	}
	var args any
	if f := pp.fields; f != nil && f.simple && len(pp.argsContent.Blocks) == 0 {
		var d hcl2.Diagnostics
		args, d = f.decode(pp.Type, pp.argsContent, ctx)
		diags = append(diags, d...)
	} else {
		args = pp.Type.NewArgs()
		diags = append(diags, gohcl.DecodeBody(pp.argsBody, ctx, args)...)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	if d := checkDiags(pp, pp.argsContent, args); d.HasErrors() {
		return nil, append(diags, d...)
	}
	return p.withDefaults(pp.Type, args), diags
}

// EvalCondition evaluates the `if` of pipe id; true when it has none. A null,
// unknown or non-bool value is an error. A condition that reads each
// (Pipe.EachCondition) is evaluated with EvalInstanceCondition.
func (p *Pipeline) EvalCondition(id string, states States) (bool, hcl2.Diagnostics) {
	return p.evalCondition(id, nil, states, nil)
}

// EvalConditionIn is EvalCondition (each nil) or EvalInstanceCondition in run
// rc: run.<attribute> are rc's (run.attempt is null in a condition).
func (p *Pipeline) EvalConditionIn(rc RunContext, id string, each *Each, states States) (bool, hcl2.Diagnostics) {
	rc.Attempt = 0
	return p.evalCondition(id, each, states, &rc)
}

// EvalInstanceCondition is EvalCondition for the instance of a for_each pipe
// (or of a step of a for_each composite) for element each.
func (p *Pipeline) EvalInstanceCondition(id string, each Each, states States) (bool, hcl2.Diagnostics) {
	return p.evalCondition(id, &each, states, nil)
}

func (p *Pipeline) evalCondition(id string, each *Each, states States, rc *RunContext) (bool, hcl2.Diagnostics) {
	if pp, ok := p.byID[id]; ok && pp.sub != nil {
		return pp.sub.owner.evalCondition(pp.sub.local, each, pp.sub.states(states), rc)
	}
	pp, diags := p.lookup(id)
	if diags.HasErrors() {
		return false, diags
	}
	if pp.condition == nil {
		return true, nil
	}
	if pp.EachCondition && each == nil {
		return false, hcl2.Diagnostics{errorDiag("Condition evaluated without an instance",
			fmt.Sprintf("The condition of pipe %q is evaluated per for_each instance (EvalInstanceCondition).", id), pp.condition.Range())}
	}
	ctx, diags := p.evalContext(pp, pp.condRefs, states, each, rc)
	if diags.HasErrors() {
		return false, diags
	}
	v, d := pp.condition.Value(ctx)
	diags = append(diags, d...)
	if diags.HasErrors() {
		return false, diags
	}
	rng := pp.condition.Range()
	switch {
	case !v.IsKnown():
		return false, append(diags, errorDiag("Invalid condition", "The condition (if) has no known value.", rng))
	case v.IsNull():
		return false, append(diags, errorDiag("Invalid condition", "The condition (if) is null; it must be true or false.", rng))
	}
	b, err := convertValue(v, cty.Bool)
	if err != nil {
		return false, append(diags, errorDiag("Invalid condition",
			fmt.Sprintf("The condition (if) must be a bool; got %s.", typeName(v)), rng))
	}
	return b.True(), diags
}

// EvalOutputs evaluates every output with the results of the pipes. An output
// that reads the `output` of a pipe that did not succeed is null, with a
// warning saying which pipe; so is one whose evaluation fails because a pipe it
// reads did not succeed. Other evaluation errors are errors.
func (p *Pipeline) EvalOutputs(states States) ([]OutputValue, hcl2.Diagnostics) {
	return p.evalOutputs(states, nil)
}

// EvalOutputsIn is EvalOutputs in run rc: run.<attribute> are rc's (run.attempt
// is null in an output).
func (p *Pipeline) EvalOutputsIn(rc RunContext, states States) ([]OutputValue, hcl2.Diagnostics) {
	rc.Attempt = 0
	return p.evalOutputs(states, &rc)
}

func (p *Pipeline) evalOutputs(states States, rc *RunContext) ([]OutputValue, hcl2.Diagnostics) {
	var diags hcl2.Diagnostics
	out := make([]OutputValue, 0, len(p.Outputs))
	for _, o := range p.Outputs {
		ov := OutputValue{Name: o.Name, Sensitive: o.Sensitive, Value: cty.NullVal(cty.DynamicPseudoType)}
		if o.expr == nil {
			out = append(out, ov)
			continue
		}
		var unavailable []string // pipes read that did not succeed, "id (status)"
		readsOutput := false
		for _, r := range o.refs {
			if r.root != rootPipe {
				continue
			}
			name := r.name
			var st PipeState
			var ok bool
			if target := p.byID[r.name]; mapped(target, nil) {
				// A map of instances: one instance's state when the
				// reference names it, else the fan-out's as a whole (the
				// instances that did not succeed are in the map).
				var ins *Instances
				ins, st, ok = p.fanOutState(target, states)
				if ok && r.key != nil {
					name = fmt.Sprintf("%s[%q]", r.name, *r.key)
					st, ok = ins.Get(*r.key)
				}
			} else {
				st, ok = p.state(r.name, nil, states)
			}
			status := st.Status
			if !ok {
				status = "not run"
			}
			if status == StatusSucceeded || status == StatusUpToDate {
				continue
			}
			desc := fmt.Sprintf("pipe %s %s", name, statusPhrase(status))
			if !slices.Contains(unavailable, desc) {
				unavailable = append(unavailable, desc)
			}
			if r.attr == "output" || !ok {
				readsOutput = true
			}
		}
		if readsOutput {
			diags = append(diags, warningDiag("Output has no value",
				fmt.Sprintf("Output %q is null: %s.", o.Name, strings.Join(unavailable, ", ")), o.expr.Range()))
			out = append(out, ov)
			continue
		}
		ctx, d := p.evalContext(nil, o.refs, states, nil, rc)
		var v cty.Value
		if !d.HasErrors() {
			var dv hcl2.Diagnostics
			v, dv = o.expr.Value(ctx)
			d = append(d, dv...)
		}
		if d.HasErrors() {
			if len(unavailable) > 0 {
				diags = append(diags, warningDiag("Output has no value",
					fmt.Sprintf("Output %q is null: %s.", o.Name, strings.Join(unavailable, ", ")), o.expr.Range()))
			} else {
				diags = append(diags, d...)
			}
			out = append(out, ov)
			continue
		}
		diags = append(diags, d...)
		ov.Value = v
		out = append(out, ov)
	}
	return out, diags
}

func statusPhrase(status string) string {
	switch status {
	case "not run":
		return "did not run"
	case StatusFailed:
		return "failed"
	}
	return "was " + status
}

func (p *Pipeline) lookup(id string) (*Pipe, hcl2.Diagnostics) {
	pp, ok := p.byID[id]
	if !ok {
		return nil, hcl2.Diagnostics{{Severity: hcl2.DiagError, Summary: "Unknown pipe", Detail: fmt.Sprintf("The pipeline has no pipe %q.", id)}}
	}
	return pp, nil
}

// lookupEach is lookup for evaluating the arguments of a pipe: with each
// exactly when the pipe runs per for_each instance.
func (p *Pipeline) lookupEach(id string, each *Each) (*Pipe, hcl2.Diagnostics) {
	pp, diags := p.lookup(id)
	if diags.HasErrors() {
		return nil, diags
	}
	perInstance := fanOutOf(pp) != ""
	switch {
	case perInstance && each == nil:
		return nil, hcl2.Diagnostics{errorDiag("Arguments evaluated without an instance",
			fmt.Sprintf("Pipe %q runs once per for_each instance: its arguments are decoded per instance (DecodeInstanceArgs).", id), pp.DeclRange)}
	case !perInstance && each != nil:
		return nil, hcl2.Diagnostics{errorDiag("Instance of a pipe without for_each",
			fmt.Sprintf("Pipe %q has no for_each, so it has no instances.", id), pp.DeclRange)}
	}
	return pp, nil
}

// evalContext is the context of a run-time expression of viewer (nil for an
// output): variables, locals, functions, the pipes its references read, and
// each for an instance. A pipe of a fan-out viewer is not part of is the
// object of its instances by key.
func (p *Pipeline) evalContext(viewer *Pipe, refs []reference, states States, each *Each, rc *RunContext) (*hcl2.EvalContext, hcl2.Diagnostics) {
	var diags hcl2.Diagnostics
	pipeVals := map[string]cty.Value{}
	for _, r := range refs {
		if r.root != rootPipe {
			continue
		}
		if _, done := pipeVals[r.name]; done {
			continue
		}
		var v cty.Value
		ok := false
		if target := p.byID[r.name]; mapped(target, viewer) {
			var ins *Instances
			if ins, _, ok = p.fanOutState(target, states); ok {
				v = p.instancesValue(target, ins)
			}
		} else {
			var st PipeState
			if st, ok = p.state(r.name, viewer, states); ok {
				v = stateValue(st)
			}
		}
		if !ok {
			diags = append(diags, errorDiag("Pipe has not finished",
				fmt.Sprintf("pipe.%s is read here, but pipe %q has no result yet.", r.name, r.name), r.rng))
			v = cty.DynamicVal
		}
		pipeVals[r.name] = v
	}
	vars := map[string]cty.Value{
		rootVar:   p.varsVal,
		rootLocal: p.localsVal,
		rootPipe:  cty.ObjectVal(pipeVals),
		rootPath:  p.pathVal,
		rootRun:   rc.value(p.Name),
	}
	if each != nil {
		vars[rootEach] = eachValue(each)
	}
	return budgetContext(vars, p.functions), diags
}

// state returns the state of pipe id as viewer (nil for an output) reads it; a
// composite's is aggregated from its steps (see aggregate). A for_each step
// of it (a map of instances for viewer) counts with the state of its fan-out
// as a whole, and its output is the object of its instances' outputs by key.
func (p *Pipeline) state(id string, viewer *Pipe, states States) (PipeState, bool) {
	pp, ok := p.byID[id]
	if !ok {
		return PipeState{}, false
	}
	if !pp.Composite {
		if states == nil {
			return PipeState{}, false
		}
		return states(id)
	}
	st, ok := aggregate(pp.Steps, func(i int) (PipeState, bool) {
		step := p.byID[pp.Steps[i]]
		if !mapped(step, viewer) {
			return p.state(step.ID, viewer, states)
		}
		ins, st, ok := p.fanOutState(step, states)
		st.Output, st.Instances = p.instanceOutputs(step, ins), nil
		return st, ok
	})
	if ok && pp.child != nil {
		st.Output = p.subOutputs(pp, states, nil)
	}
	return st, ok
}

// aggregate is the state of a composite from the states of its steps: output
// is an object of the steps' outputs; status, reason, error, attempts and
// duration are rules.Aggregate's. It is not ok when a step has no state.
func aggregate(steps []string, get func(i int) (PipeState, bool)) (PipeState, bool) {
	states := make([]PipeState, len(steps))
	outputs := make(map[string]cty.Value, len(steps))
	for i, s := range steps {
		st, ok := get(i)
		if !ok {
			return PipeState{}, false
		}
		states[i] = st
		outputs[s] = outputValue(st.Output)
	}
	g := rules.Aggregate(len(steps), func(i int) rules.Member {
		st := states[i]
		status, _ := rules.ParseStatus(st.Status)
		return rules.Member{ID: steps[i], Status: status, Reason: st.Reason, Attempts: st.Attempts, Err: st.Error,
			Started: st.Started, Finished: st.Finished, Allowed: st.Allowed}
	})
	return PipeState{Status: g.Status.String(), Reason: g.Reason, Error: g.Err, Attempts: g.Attempts,
		Duration: g.Duration, Started: g.Started, Finished: g.Finished, Output: cty.ObjectVal(outputs)}, true
}

func outputValue(v cty.Value) cty.Value {
	if v == cty.NilVal {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	return v
}

// stateValue is `pipe.<id>` for a state.
func stateValue(st PipeState) cty.Value {
	errVal := cty.NullVal(cty.String)
	if st.Error != "" {
		errVal = cty.StringVal(st.Error)
	}
	return cty.ObjectVal(map[string]cty.Value{
		"output":   outputValue(st.Output),
		"status":   cty.StringVal(st.Status),
		"error":    errVal,
		"attempts": cty.NumberIntVal(int64(st.Attempts)),
		"duration": cty.NumberFloatVal(st.Duration.Seconds()),
	})
}

// buildRedactor collects the strings of sensitive variables, longest first so
// that a value containing another is replaced whole.
func (l *loader) buildRedactor() {
	var secrets []string
	for _, v := range l.p.Variables {
		if v.Sensitive && v.Value.IsWhollyKnown() {
			secrets = append(secrets, stringLeaves(v.Value)...)
		}
	}
	for _, c := range l.children {
		secrets = append(secrets, c.secrets...)
	}
	l.p.secrets = secrets
	if len(secrets) == 0 {
		return
	}
	slices.SortFunc(secrets, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	secrets = slices.Compact(secrets)
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, sensitiveText)
	}
	l.p.redactor = strings.NewReplacer(pairs...)
}

// stringLeaves returns the non-empty strings inside v.
func stringLeaves(v cty.Value) []string {
	var out []string
	_ = cty.Walk(v, func(_ cty.Path, v cty.Value) (bool, error) {
		if v.IsKnown() && !v.IsNull() && v.Type() == cty.String && v.AsString() != "" {
			out = append(out, v.AsString())
		}
		return true, nil
	})
	return out
}
