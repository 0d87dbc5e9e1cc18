package hcl

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// for_each: a pipe with for_each is one fan-out whose instances, one
// per key of the collection, run as tasks of their own. The collection is
// evaluated at load when it reads only variables, locals and functions
// (static: its keys are in the plan), else when the upstream pipes it reads
// have succeeded (dynamic). A composite with for_each runs all its steps per
// key; its steps are part of the fan-out (Pipe.FanOut).
//
// Read from outside its fan-out, pipe.<id> of a for_each pipe or of a step of
// a for_each composite is an object from key to instance object; read by
// another step of the same composite instance, it is that instance's object.

// fanOutOf returns the id of the fan-out pp belongs to: its own when it has
// for_each, its for_each composite's for a step of one, else "".
func fanOutOf(pp *Pipe) string {
	switch {
	case pp == nil:
		return ""
	case pp.FanOut != "":
		return pp.FanOut
	case pp.ForEach != nil:
		return pp.ID
	}
	return ""
}

// mapped reports whether pipe.<target> is a map of instances in an expression
// of viewer (nil for outputs): target belongs to a fan-out viewer is not a
// step of.
func mapped(target, viewer *Pipe) bool {
	fo := fanOutOf(target)
	return fo != "" && (viewer == nil || viewer.FanOut != fo)
}

// instanceReference checks a reference to a pipe that is a map of instances:
// pipe.<id> (the whole map), pipe.<id>[key] or pipe.<id>[key].<attribute>.
func (l *loader) instanceReference(t hcl2.Traversal, r reference, target *Pipe) (reference, *hcl2.Diagnostic) {
	if len(t) == 2 {
		return r, nil
	}
	why := fmt.Sprintf("Pipe %q has for_each", r.name)
	if target.FanOut != "" {
		why = fmt.Sprintf("Pipe %q is a step of for_each composite %q", r.name, target.FanOut)
	}
	idx, ok := t[2].(hcl2.TraverseIndex)
	if !ok {
		return r, errorDiag("Missing instance key",
			fmt.Sprintf("%s, so pipe.%s is a map of its instances by key: pick one with pipe.%s[\"<key>\"].output, or read them all (values(pipe.%s), a for expression).", why, r.name, r.name, r.name), t[2].SourceRange())
	}
	key, err := convert.Convert(idx.Key, cty.String)
	if err != nil || !key.IsKnown() || key.IsNull() {
		return r, errorDiag("Invalid instance key",
			fmt.Sprintf("An instance key of pipe.%s is a string (or a number, for the index of a list).", r.name), idx.SourceRange())
	}
	k := key.AsString()
	r.key = &k
	if len(t) == 3 {
		return r, nil
	}
	attr, ok := stepName(t, 3)
	if !ok || !slices.Contains(pipeAttrNames, attr) {
		return r, errorDiag("Unsupported pipe attribute",
			fmt.Sprintf("pipe.%s[%q] has no attribute %q; it has %s.%s", r.name, k, attr, strings.Join(pipeAttrNames, ", "), didYouMean(attr, pipeAttrNames)), t[3].SourceRange())
	}
	r.attr = attr
	return r, nil
}

// analyseForEach checks the references of a for_each expression and
// evaluates a static collection.
func (l *loader) analyseForEach(pp *Pipe) {
	refs, diags := l.references(pp.forEachExpr, scope{what: "for_each", pipes: true, forEach: true, self: pp})
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return
	}
	pp.forEachRefs = refs
	rng := pp.ForEach.Range
	if l.refsSensitive(refs) {
		l.diags = append(l.diags, errorDiag(sensitiveForEach,
			"The for_each collection reads a sensitive variable: its keys would appear in the name of every instance (logs, events, plans). Iterate over something not sensitive, such as the names of the entries.", rng))
		pp.forEachRefs = nil // reported: checkSensitivePipes leaves it
		return
	}
	for _, r := range refs {
		if r.root == rootPipe {
			pp.ForEach.Dynamic = true
		}
	}
	if pp.ForEach.Dynamic {
		// Check what is known already: a collection whose type is known to be
		// wrong, or that does not depend on the pipes' values at all.
		v, diags := pp.forEachExpr.Value(l.unknownPipesContext())
		l.diags = append(l.diags, diags...)
		if diags.HasErrors() {
			return
		}
		pp.ForEach.List = isList(v.Type())
		if v.IsWhollyKnown() {
			_, diags = forEachElements(v, rng)
		} else {
			diags = checkCollectionType(v, rng)
		}
		l.diags = append(l.diags, diags...)
		return
	}
	v, diags := pp.forEachExpr.Value(l.loadContext())
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() || !v.IsKnown() { // unknown: an input has an error (reported)
		return
	}
	elems, diags := forEachElements(v, rng)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return
	}
	pp.ForEach.List = isList(v.Type())
	pp.forEachVals = elems
	pp.ForEach.Keys = make([]string, len(elems))
	for i, e := range elems {
		pp.ForEach.Keys[i] = e.Key
	}
}

const (
	invalidForEach   = "Invalid for_each argument"
	sensitiveForEach = "Sensitive for_each"
)

// checkSensitivePipes follows sensitive values through pipes as far as the
// load can know them: a `value` pipe's output is its value, so it is
// sensitive when that value reads a sensitive variable or the output of a
// sensitive pipe, and a composite's output holds its steps'. A for_each
// collection reading such an output is refused here, as one reading the
// variable is (analyseForEach); what the load cannot know (a program that
// prints a secret it was given) is refused when the keys are known
// (Pipeline.checkKeys).
func (l *loader) checkSensitivePipes() {
	if len(l.sensitive) == 0 {
		return
	}
	for changed := true; changed; {
		changed = false
		for _, pp := range l.p.Pipes {
			if l.sensitive[rootPipe+"."+pp.ID] || pp.sub != nil {
				continue
			}
			sensitive := false
			switch {
			case pp.Composite:
				for _, s := range pp.Steps {
					sensitive = sensitive || l.sensitive[rootPipe+"."+s]
				}
			case pp.Type != nil && pp.Type.Name == "value":
				sensitive = l.refsSensitive(pp.argRefs)
			}
			if sensitive {
				l.sensitive[rootPipe+"."+pp.ID] = true
				changed = true
			}
		}
	}
	for _, pp := range l.p.Pipes {
		for _, r := range pp.forEachRefs {
			if r.root == rootPipe && r.attr != "status" && r.attr != "attempts" && r.attr != "duration" && l.sensitive[rootPipe+"."+r.name] {
				l.diags = append(l.diags, errorDiag(sensitiveForEach,
					fmt.Sprintf("The for_each collection reads pipe.%s, whose output is sensitive (it is made from a sensitive variable): its keys would appear in the name of every instance (logs, events, plans, file names). Iterate over something not sensitive.", r.name), pp.ForEach.Range))
				break
			}
		}
	}
}

// checkKeys refuses the keys of a for_each collection that the load could
// not check (see checkSensitivePipes): a key is part of an instance's name,
// which is shown and stored everywhere (views, logs, the run's journal, the
// name of its log file), where redaction cannot follow it without breaking
// the name's identity across a resume. The error does not show the key.
func (p *Pipeline) checkKeys(elems []Each, rng hcl2.Range) hcl2.Diagnostics {
	if p.redactor == nil {
		return nil
	}
	for i, e := range elems {
		if p.Redact(e.Key) != e.Key {
			return hcl2.Diagnostics{errorDiag(sensitiveForEach,
				fmt.Sprintf("Key number %d of the for_each collection holds the value of a sensitive variable; a key names an instance in logs, events and files, so it may not. Iterate over something not sensitive.", i+1), rng)}
		}
	}
	return nil
}

// checkCollectionType reports a for_each value whose type (known before its
// value) cannot be a collection.
func checkCollectionType(v cty.Value, rng hcl2.Range) hcl2.Diagnostics {
	ty := v.Type()
	switch {
	case ty == cty.DynamicPseudoType, ty.IsMapType(), ty.IsObjectType(), ty.IsListType(), ty.IsTupleType():
		return nil
	case ty.IsSetType():
		if et := ty.ElementType(); et.IsPrimitiveType() || et == cty.DynamicPseudoType {
			return nil
		}
		return hcl2.Diagnostics{errorDiag(invalidForEach,
			fmt.Sprintf("The members of a for_each set are its keys, so they must be strings or numbers; got a %s.", ty.FriendlyName()), rng)}
	}
	return hcl2.Diagnostics{errorDiag(invalidForEach,
		fmt.Sprintf("for_each must be a map, a set or a list; got %s.", ty.FriendlyName()), rng)}
}

// forEachElements returns the elements of a for_each collection: a map's (or
// object's) entries by key, a set's members (strings; numbers and bools
// converted to strings; each.value is the member itself), a list's (or
// tuple's) elements by index ("0", "1", ...). Problems are diagnostics at rng.
func forEachElements(v cty.Value, rng hcl2.Range) ([]Each, hcl2.Diagnostics) {
	fail := func(format string, args ...any) ([]Each, hcl2.Diagnostics) {
		return nil, hcl2.Diagnostics{errorDiag(invalidForEach, fmt.Sprintf(format, args...), rng)}
	}
	switch {
	case !v.IsKnown():
		return fail("The for_each collection has no known value.")
	case v.IsNull():
		return fail("for_each is null; it must be a map, a set or a list (an empty one makes no instances).")
	}
	if diags := checkCollectionType(v, rng); diags.HasErrors() {
		return nil, diags
	}
	if n := v.LengthInt(); n > MaxCollection {
		return fail("The for_each collection has %d elements; the limit is %d.", n, MaxCollection)
	}
	ty := v.Type()
	elems := make([]Each, 0, v.LengthInt())
	switch {
	case ty.IsMapType(), ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, val := it.Element()
			if k.AsString() == "" {
				return fail("for_each has an empty key; every key names an instance (id[key]), so none may be empty.")
			}
			if d := keyDiag(k.AsString(), rng); d != nil {
				return nil, hcl2.Diagnostics{d}
			}
			elems = append(elems, Each{Key: k.AsString(), Value: val})
		}
	case ty.IsListType(), ty.IsTupleType():
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			_, val := it.Element()
			elems = append(elems, Each{Key: strconv.Itoa(i), Value: val})
		}
	case ty.IsSetType():
		seen := make(map[string]bool, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			_, val := it.Element()
			if !val.IsKnown() || val.IsNull() {
				return fail("A member of the for_each set is null; every member is a key.")
			}
			k, err := convert.Convert(val, cty.String)
			if err != nil {
				return fail("The members of a for_each set are its keys, so they must be strings or numbers; got %s.", typeName(val))
			}
			key := k.AsString()
			switch {
			case key == "":
				return fail("for_each has an empty key; every key names an instance (id[key]), so none may be empty.")
			case keyDiag(key, rng) != nil:
				return nil, hcl2.Diagnostics{keyDiag(key, rng)}
			case seen[key]:
				return fail("Two members of the for_each set are the same key %q once converted to strings; keys must be unique.", key)
			}
			seen[key] = true
			elems = append(elems, Each{Key: key, Value: val})
		}
	}
	return elems, nil
}

// checkInstanceKeys reports pipe.<id>["key"] references whose key is not one
// of a static collection's keys.
func (l *loader) checkInstanceKeys() {
	check := func(refs []reference) {
		for _, r := range refs {
			if r.root != rootPipe || r.key == nil {
				continue
			}
			fo := l.pipeDecls[fanOutOf(l.pipeDecls[r.name])]
			// Keys is nil when the collection is dynamic or could not be
			// evaluated (reported already).
			if fo == nil || fo.ForEach == nil || fo.ForEach.Keys == nil || slices.Contains(fo.ForEach.Keys, *r.key) {
				continue
			}
			l.diags = append(l.diags, errorDiag("Unknown instance key",
				fmt.Sprintf("Pipe %q has no instance %q: its for_each keys are %s.%s", fo.ID, *r.key, keyList(fo.ForEach.Keys), didYouMean(*r.key, fo.ForEach.Keys)), r.rng))
		}
	}
	for _, pp := range l.p.Pipes {
		if pp.sub != nil {
			continue // checked by its own load
		}
		check(pp.forEachRefs)
		check(pp.condRefs)
		check(pp.argRefs)
	}
	for _, o := range l.p.Outputs {
		check(o.refs)
	}
}

// keyList shows keys in a message, the first few of many.
func keyList(keys []string) string {
	if len(keys) == 0 {
		return "none (the collection is empty)"
	}
	const most = 10
	quoted := make([]string, 0, min(len(keys), most))
	for _, k := range keys[:min(len(keys), most)] {
		quoted = append(quoted, strconv.Quote(k))
	}
	s := strings.Join(quoted, ", ")
	if len(keys) > most {
		s += fmt.Sprintf(" and %d more", len(keys)-most)
	}
	return s
}

// EvalForEach returns the elements of the for_each collection of pipe id, in
// order: those computed at load for a static collection, else the collection
// evaluated with the results of the upstream pipes it reads. The diagnostics
// point at the for_each expression. The slice must not be modified.
func (p *Pipeline) EvalForEach(id string, states States) ([]Each, hcl2.Diagnostics) {
	pp, diags := p.lookup(id)
	if diags.HasErrors() {
		return nil, diags
	}
	if pp.sub != nil {
		return pp.sub.owner.EvalForEach(pp.sub.local, pp.sub.states(states))
	}
	if pp.ForEach == nil {
		return nil, hcl2.Diagnostics{errorDiag("No for_each", fmt.Sprintf("Pipe %q has no for_each.", id), pp.DeclRange)}
	}
	if !pp.ForEach.Dynamic {
		return pp.forEachVals, nil
	}
	ctx, diags := p.evalContext(pp, pp.forEachRefs, states, nil, nil)
	if diags.HasErrors() {
		return nil, diags
	}
	v, d := pp.forEachExpr.Value(ctx)
	diags = append(diags, d...)
	if diags.HasErrors() {
		return nil, diags
	}
	elems, d := forEachElements(v, pp.ForEach.Range)
	diags = append(diags, d...)
	if !diags.HasErrors() {
		diags = append(diags, p.checkKeys(elems, pp.ForEach.Range)...)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return elems, diags
}

// keyDiag refuses a key with a character that is not text (a control
// character, a bidirectional override, invalid UTF-8): keys are shown on
// terminals and are part of file names.
func keyDiag(key string, rng hcl2.Range) *hcl2.Diagnostic {
	for _, r := range key {
		if r == utf8.RuneError || unicode.IsControl(r) || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			return errorDiag(invalidForEach,
				fmt.Sprintf("The for_each key %s has a control or formatting character; a key names an instance (id[key]) in views, logs and file names, so it must be plain text.", strconv.QuoteToASCII(key)), rng)
		}
	}
	return nil
}

// fanOutState returns, for a pipe of a fan-out read from outside it, the
// states of its instances by key and the state of the fan-out as a whole. A
// composite's instances aggregate its steps' instances of the same key.
func (p *Pipeline) fanOutState(pp *Pipe, states States) (*Instances, PipeState, bool) {
	if states == nil {
		return nil, PipeState{}, false
	}
	st, ok := states(pp.ID)
	if !ok {
		return nil, st, false
	}
	if !pp.Composite || st.Instances.Len() == 0 {
		return st.Instances, st, true
	}
	steps := make([]*Instances, len(pp.Steps))
	for i, s := range pp.Steps {
		ins, _, ok := p.fanOutState(p.byID[s], states)
		if !ok {
			return nil, PipeState{}, false
		}
		steps[i] = ins
	}
	// The keys are those of the composite's own (gate) instances.
	agg := make(map[string]PipeState, st.Instances.Len())
	for k := range st.Instances.states {
		a, ok := aggregate(pp.Steps, func(i int) (PipeState, bool) { return steps[i].Get(k) })
		if ok {
			agg[k] = a
		}
	}
	return NewInstances(agg), st, true
}

// outputs is the object from key to each instance's output: the output of a
// for_each step in its composite's output.
func (in *Instances) outputs() cty.Value {
	if in == nil {
		return cty.EmptyObjectVal
	}
	attrs := make(map[string]cty.Value, len(in.states))
	for k, st := range in.states {
		attrs[k] = outputValue(st.Output)
	}
	return cty.ObjectVal(attrs)
}

// overList reports whether pp belongs to a fan-out over a list.
func (p *Pipeline) overList(pp *Pipe) bool {
	fo := p.byID[fanOutOf(pp)]
	return fo != nil && fo.ForEach != nil && fo.ForEach.List
}

// instancesValue is pipe.<id> of pp read from outside its fan-out: a list of
// the instance objects for a fan-out over a list, else an object by key.
func (p *Pipeline) instancesValue(pp *Pipe, ins *Instances) cty.Value {
	if p.overList(pp) {
		return ins.listValue()
	}
	return ins.Value()
}

// instanceOutputs is the output of for_each step pp in its composite's output:
// its instances' outputs, in a list or by key as instancesValue.
func (p *Pipeline) instanceOutputs(pp *Pipe, ins *Instances) cty.Value {
	if p.overList(pp) && ins != nil {
		return indexed(ins.states, func(st PipeState) cty.Value { return outputValue(st.Output) })
	}
	return ins.outputs()
}

// isList reports whether a for_each collection of type ty is keyed by index.
func isList(ty cty.Type) bool { return ty.IsListType() || ty.IsTupleType() }

// eachValue is the `each` object of an instance.
func eachValue(e *Each) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{
		"key":   cty.StringVal(e.Key),
		"value": outputValue(e.Value),
	})
}
