package hcl

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/pipes"
)

func TestForEachModel(t *testing.T) {
	p := loadValid(t, "for_each.hcl", testOptions())
	type info struct {
		Keys          []string
		Dynamic       bool
		Line          int
		FanOut        string
		EachCondition bool
	}
	got := map[string]info{}
	for _, pp := range p.Pipes {
		i := info{FanOut: pp.FanOut, EachCondition: pp.EachCondition}
		if pp.ForEach != nil {
			i.Keys, i.Dynamic, i.Line = pp.ForEach.Keys, pp.ForEach.Dynamic, pp.ForEach.Range.Start.Line
		}
		got[pp.ID] = i
	}
	want := map[string]info{
		"fetch":    {},
		"by_map":   {Keys: []string{"a", "b", "c"}, Line: 15},
		"by_set":   {Keys: []string{"3", "x", "y"}, Line: 21}, // set members, converted to strings
		"by_list":  {Keys: []string{"0", "1"}, Line: 27, EachCondition: true},
		"classify": {Dynamic: true, Line: 34}, // its if does not read each: once, before expanding
		"routing":  {Dynamic: true, Line: 40},
		"load":     {FanOut: "routing"},
		"store":    {FanOut: "routing"},
		"report":   {},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	elems, diags := p.EvalForEach("by_map", nil)
	mustNoErrors(t, diags)
	if len(elems) != 3 || elems[1].Key != "b" || !elems[1].Value.RawEquals(cty.NumberIntVal(2)) {
		t.Errorf("by_map elements %#v", elems)
	}
	elems, diags = p.EvalForEach("by_set", nil)
	mustNoErrors(t, diags)
	if !elems[0].Value.RawEquals(cty.StringVal("3")) {
		t.Errorf("by_set[3] value %#v", elems[0].Value)
	}
	if _, diags := p.EvalForEach("fetch", nil); !diags.HasErrors() {
		t.Error("EvalForEach of a pipe without for_each: no error")
	}
}

// TestForEachEvaluation goes through the for_each.hcl pipeline as the glue
// does, with made-up results.
func TestForEachEvaluation(t *testing.T) {
	p := loadValid(t, "for_each.hcl", testOptions())
	stdout := func(s string) cty.Value { return cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal(s)}) }
	ticket := func(id string) cty.Value { return cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal(id)}) }
	fetch := succeeded(cty.ObjectVal(map[string]cty.Value{"tickets": cty.TupleVal([]cty.Value{ticket("t1"), ticket("t2")})}))

	// A static collection: arguments and condition per instance.
	args, diags := p.DecodeInstanceArgs("by_map", Each{Key: "b", Value: cty.NumberIntVal(2)}, nil)
	mustNoErrors(t, diags)
	if v := args.(*pipes.ValueArgs).Value; !v.RawEquals(cty.NumberIntVal(20)) {
		t.Errorf("by_map[b] value = %#v", v)
	}
	for key, want := range map[string]bool{"0": true, "1": false} {
		ok, diags := p.EvalInstanceCondition("by_list", Each{Key: key, Value: cty.StringVal("r")}, nil)
		mustNoErrors(t, diags)
		if ok != want {
			t.Errorf("by_list[%s] condition = %v", key, ok)
		}
	}
	if _, diags := p.EvalCondition("by_list", nil); !diags.HasErrors() {
		t.Error("a condition reading each evaluated without an instance: no error")
	}
	if _, diags := p.DecodeArgs("by_map", nil); !diags.HasErrors() {
		t.Error("DecodeArgs of a for_each pipe: no error")
	}
	if _, diags := p.DecodeInstanceArgs("fetch", Each{Key: "a"}, nil); !diags.HasErrors() {
		t.Error("DecodeInstanceArgs of a pipe without for_each: no error")
	}

	// A dynamic collection, from an upstream output.
	states := fakeStates{"fetch": fetch}
	ok, diags := p.EvalCondition("classify", states.get)
	mustNoErrors(t, diags)
	if !ok {
		t.Error("classify condition false")
	}
	elems, diags := p.EvalForEach("classify", states.get)
	mustNoErrors(t, diags)
	if len(elems) != 2 || elems[1].Key != "1" {
		t.Fatalf("classify elements %#v", elems)
	}
	args, diags = p.DecodeInstanceArgs("classify", elems[1], states.get)
	mustNoErrors(t, diags)
	if got := args.(*pipes.ExecArgs).Command; !cmp.Equal(got, []string{"./classify", "t2"}) {
		t.Errorf("classify[1] command %q", got)
	}

	// A composite over another fan-out: each.value is an instance object, and
	// a step reads the other step of its own instance.
	classify := NewInstances(map[string]PipeState{"0": succeeded(stdout("c0")), "1": succeeded(stdout("c1"))})
	states["classify"] = PipeState{Status: StatusSucceeded, Attempts: 2, Instances: classify}
	elems, diags = p.EvalForEach("routing", states.get)
	mustNoErrors(t, diags)
	if len(elems) != 2 {
		t.Fatalf("routing elements %#v", elems)
	}
	inInstance := fakeStates{"fetch": fetch, "classify": states["classify"], "load": succeeded(stdout("l1"))}
	args, diags = p.DecodeInstanceArgs("store", elems[1], inInstance.get)
	mustNoErrors(t, diags)
	if got := args.(*pipes.ExecArgs).Command; !cmp.Equal(got, []string{"./store", "l1", "c1"}) {
		t.Errorf("routing[1].store command %q", got)
	}

	// Read from outside, every pipe of the fan-out is a map of instances; a
	// composite's instances aggregate its steps'.
	failed := PipeState{Status: StatusFailed, Error: "exit status 1", Attempts: 4}
	states["routing"] = PipeState{Status: StatusFailed, Instances: NewInstances(map[string]PipeState{"0": {Status: StatusSucceeded}, "1": {Status: StatusSucceeded}})}
	states["load"] = PipeState{Status: StatusFailed, Instances: NewInstances(map[string]PipeState{"0": succeeded(stdout("l0")), "1": succeeded(stdout("l1"))})}
	states["store"] = PipeState{Status: StatusFailed, Instances: NewInstances(map[string]PipeState{"0": succeeded(stdout("s0")), "1": failed})}
	states["by_list"] = PipeState{Status: StatusSucceeded, Instances: NewInstances(map[string]PipeState{})}
	args, diags = p.DecodeArgs("report", states.get)
	mustNoErrors(t, diags)
	want := cty.ObjectVal(map[string]cty.Value{"0": cty.StringVal(StatusSucceeded), "1": cty.StringVal(StatusFailed)})
	if got := args.(*pipes.ValueArgs).Value; !got.RawEquals(want) {
		t.Errorf("report value = %#v", got)
	}

	states["by_map"] = PipeState{Status: StatusSucceeded, Instances: NewInstances(map[string]PipeState{"a": succeeded(cty.NumberIntVal(10))})}
	vals, diags := p.EvalOutputs(states.get)
	mustNoErrors(t, diags)
	routed := cty.ObjectVal(map[string]cty.Value{"load": stdout("l0"), "store": stdout("s0")})
	if !vals[0].Value.RawEquals(cty.NumberIntVal(10)) || !vals[1].Value.RawEquals(routed) {
		t.Errorf("outputs %#v", vals)
	}
	// An output reading the output of an instance that did not succeed is
	// null, with a warning naming the instance.
	states["by_map"] = PipeState{Status: StatusFailed, Instances: NewInstances(map[string]PipeState{"a": failed})}
	vals, diags = p.EvalOutputs(states.get)
	if DiagnosticsError(diags) != nil || !vals[0].Value.IsNull() || !strings.Contains(diagText(diags), `pipe by_map["a"] failed`) {
		t.Errorf("output of a failed instance: %#v %s", vals[0].Value, diagText(diags))
	}
}

func diagText(diags hcl2.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary + ": " + d.Detail + "\n")
	}
	return b.String()
}

func TestForEachDynamicErrors(t *testing.T) {
	src := `
pipe "src" {
  use   = "value"
  value = null
}

pipe "fan" {
  use      = "value"
  for_each = pipe.src.output
  value    = each.value
}
`
	p := loadSrc(t, src, testOptions())
	for _, tc := range []struct {
		name   string
		output cty.Value
		detail string
	}{
		{"null", cty.NullVal(cty.DynamicPseudoType), "for_each is null"},
		{"number", cty.NumberIntVal(3), "got number"},
		{"string", cty.StringVal("a,b"), "got string"},
		{"set of objects", cty.SetVal([]cty.Value{cty.EmptyObjectVal}), "must be strings or numbers"},
		{"empty key", cty.MapVal(map[string]cty.Value{"": cty.True}), "empty key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := p.EvalForEach("fan", fakeStates{"src": succeeded(tc.output)}.get)
			if len(diags) != 1 || diags[0].Summary != invalidForEach || !strings.Contains(diags[0].Detail, tc.detail) {
				t.Fatalf("diags = %s", diagText(diags))
			}
			if s := diags[0].Subject; s == nil || s.Start.Line != 9 || s.Start.Column != 14 {
				t.Errorf("subject %v, want line 9 column 14 (the for_each expression)", s)
			}
		})
	}
	for _, tc := range []struct {
		name   string
		output cty.Value
		keys   []string
	}{
		{"empty list", cty.EmptyTupleVal, []string{}},
		{"list", cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")}), []string{"0", "1"}},
		{"map", cty.MapVal(map[string]cty.Value{"k": cty.True}), []string{"k"}},
		{"set of numbers", cty.SetVal([]cty.Value{cty.NumberIntVal(10), cty.NumberFloatVal(2.5)}), []string{"2.5", "10"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			elems, diags := p.EvalForEach("fan", fakeStates{"src": succeeded(tc.output)}.get)
			mustNoErrors(t, diags)
			keys := []string{}
			for _, e := range elems {
				keys = append(keys, e.Key)
			}
			if diff := cmp.Diff(tc.keys, keys); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
		})
	}
}

// TestForEachSetKeys: cty keeps a set's members distinct by the same text
// that converts a number to a string, and toset converts mixed members to one
// type first, so the members of a set are always distinct keys: toset([1,
// "1", 1.0]) is one instance, as in Terraform. forEachElements still refuses
// duplicates, should a set ever hold two members with the same text.
func TestForEachSetKeys(t *testing.T) {
	p := loadSrc(t, `
pipe "fan" {
  use      = "value"
  for_each = toset([1, "1", 1.0, "01"])
  value    = each.value
}
`, testOptions())
	fan, _ := p.Pipe("fan")
	if diff := cmp.Diff([]string{"01", "1"}, fan.ForEach.Keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
}

func TestForEachInstancesValue(t *testing.T) {
	var nilIns *Instances
	if nilIns.Len() != 0 || !nilIns.Value().RawEquals(cty.EmptyObjectVal) {
		t.Error("nil Instances is not empty")
	}
	ins := NewInstances(map[string]PipeState{"k": {Status: StatusSkipped, Duration: time.Second}})
	v := ins.Value()
	if !v.RawEquals(ins.Value()) {
		t.Error("value differs between calls")
	}
	if got := v.GetAttr("k").GetAttr("status"); !got.RawEquals(cty.StringVal(StatusSkipped)) {
		t.Errorf("status %#v", got)
	}
}
