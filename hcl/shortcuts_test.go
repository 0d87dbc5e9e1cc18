package hcl

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/gocty"
)

// validIdentifier agrees with hclsyntax.ValidIdentifier on every string of up
// to three characters from a set with every class of ASCII character, and on
// some non-ASCII ones.
func TestValidIdentifierMatchesHCL(t *testing.T) {
	chars := []string{"a", "Z", "_", "-", "0", "9", " ", ".", "[", "\"", "$", "é", "日", "\u0301"}
	var check func(s string, depth int)
	check = func(s string, depth int) {
		if got, want := validIdentifier(s), hclsyntax.ValidIdentifier(s); got != want {
			t.Errorf("validIdentifier(%q) = %v, hclsyntax says %v", s, got, want)
		}
		if depth == 0 {
			return
		}
		for _, c := range chars {
			check(s+c, depth-1)
		}
	}
	check("", 3)
	for _, s := range []string{"t0001", "load_data", "a-b-c", "x1-", "_", "__init", "ünïcode", "ab cd"} {
		if got, want := validIdentifier(s), hclsyntax.ValidIdentifier(s); got != want {
			t.Errorf("validIdentifier(%q) = %v, hclsyntax says %v", s, got, want)
		}
	}
}

// variables finds the same traversals as Expression.Variables, in the same
// order, in expressions of every kind: those it walks itself, those it
// leaves to hclsyntax (for expressions, splats), and the one inside the other.
func TestVariablesMatchesHCL(t *testing.T) {
	for _, src := range []string{
		`"x"`, `1`, `true`, `null`, `["a", "b"]`, `[]`, `[["a"], "b"]`,
		`"${var.x}"`, `"a${local.y}b"`, `var.x`, `["a", var.x]`, `[["a", pipe.p.output]]`,
		`{ a = 1 }`, `{ a = var.x }`, `upper("x")`, `upper(var.x)`, `[for s in var.l : s]`,
		"<<EOT\nhi ${each.key}\nEOT\n", `"%{ if var.b }y%{ endif }"`, `pipe.a.output.stdout`,
		`{ (var.k) = 1, "${local.k}" = var.v, plain = pipe.p.output }`, `{ var.k = 1 }`,
		`var.a ? local.b : pipe.c.output`, `!var.b`, `-(var.n + local.m) * 2`, `var.m[local.k]`,
		`tolist(var.x)[local.i]`, `upper(var.x).y`, `var.l[*].id`, `var.l.*.id`, `concat([for s in var.l : s], [local.x])`,
		`{for k, v in var.m : k => v if v != local.z}`, `[for s in var.l : [for t in s : t if t != each.key]]`,
		`"%{ for x in var.l }${x}${local.y}%{ endfor }"`, `jsonencode({ a = [var.x, { b = local.y }] })`,
		`var.a == "x" && (local.b || pipe.p.status == "failed")`,
	} {
		expr, diags := hclsyntax.ParseExpression([]byte(src), "test.hcl", hcl2.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", src, diags)
		}
		got, want := variables(expr), expr.Variables()
		if len(got) != len(want) {
			t.Errorf("%s: %d traversals, hclsyntax finds %d", src, len(got), len(want))
			continue
		}
		for k := range got {
			if g, w := got[k].RootName(), want[k].RootName(); g != w || got[k].SourceRange() != want[k].SourceRange() {
				t.Errorf("%s: traversal %d is %s at %s, hclsyntax has %s at %s", src, k, g, got[k].SourceRange(), w, want[k].SourceRange())
			}
		}
	}
}

// splitBody returns what PartialContent returns: the same attributes and
// blocks, the same diagnostics, and a rest in which a second schema finds the
// same items, on bodies with and without the schema's items, blocks with
// wrong label counts, and a missing required argument.
func TestSplitBodyMatchesHCL(t *testing.T) {
	schema := &hcl2.BodySchema{
		Attributes: []hcl2.AttributeSchema{{Name: "use"}, {Name: "depends_on"}, {Name: "need", Required: true}},
		Blocks:     []hcl2.BlockHeaderSchema{{Type: "pipe", LabelNames: []string{"id"}}, {Type: "bare"}},
	}
	rest := &hcl2.BodySchema{
		Attributes: []hcl2.AttributeSchema{{Name: "use"}, {Name: "command"}, {Name: "need"}, {Name: "x"}},
		Blocks:     []hcl2.BlockHeaderSchema{{Type: "pipe", LabelNames: []string{"id"}}, {Type: "env"}, {Type: "bare"}},
	}
	for _, src := range []string{
		"",
		"need = 1\n",
		"use = \"exec\"\ncommand = [\"a\"]\nneed = 2\n",
		"command = [\"a\"]\nx = var.y\n",
		"need = 1\nenv {\n  a = 1\n}\npipe \"s\" {\n  use = \"x\"\n}\nenv {\n  b = 2\n}\n",
		"need = 1\npipe {\n}\npipe \"a\" \"b\" {\n}\nbare \"x\" {\n}\nbare {\n}\n",
		"env {\n}\npipe \"a\" {\n}\n",
	} {
		f, diags := hclsyntax.ParseConfig([]byte(src), "test.hcl", hcl2.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%q: %s", src, diags)
		}
		gotC, gotR, gotD := splitBody(f.Body, schema)
		wantC, wantR, wantD := f.Body.PartialContent(schema)
		if d := cmp.Diff(contentShape(wantC), contentShape(gotC)); d != "" {
			t.Errorf("%q: content (-PartialContent +splitBody):\n%s", src, d)
		}
		if d := cmp.Diff(diagShape(wantD), diagShape(gotD)); d != "" {
			t.Errorf("%q: diagnostics (-PartialContent +splitBody):\n%s", src, d)
		}
		gotRC, gotRD := gotR.Content(rest)
		wantRC, wantRD := wantR.Content(rest)
		if d := cmp.Diff(contentShape(wantRC), contentShape(gotRC)); d != "" {
			t.Errorf("%q: rest (-PartialContent +splitBody):\n%s", src, d)
		}
		if d := cmp.Diff(diagShape(wantRD), diagShape(gotRD)); d != "" {
			t.Errorf("%q: diagnostics of the rest (-PartialContent +splitBody):\n%s", src, d)
		}
	}
}

// contentShape is what a test compares of a body content: attribute names
// with their ranges, blocks with their labels and ranges, in order.
func contentShape(c *hcl2.BodyContent) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(c.Attributes)) {
		out = append(out, "attr "+name+" "+c.Attributes[name].Range.String())
	}
	for _, b := range c.Blocks {
		out = append(out, "block "+b.Type+" "+strings.Join(b.Labels, ",")+" "+b.DefRange.String())
	}
	return append(out, "missing "+c.MissingItemRange.String())
}

func diagShape(diags hcl2.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		s := d.Summary + ": " + d.Detail
		if d.Subject != nil {
			s += " at " + d.Subject.String()
		}
		if d.Context != nil {
			s += " in " + d.Context.String()
		}
		out = append(out, s)
	}
	return out
}

// decodeStrings gives what the general decoding (conversion to the target's
// implied type, then gocty) gives, and declines what it does not handle.
func TestDecodeStringsMatchesGeneral(t *testing.T) {
	general := func(v cty.Value, target any) error {
		ty, err := gocty.ImpliedType(target)
		if err != nil {
			return err
		}
		cv, err := convert.Convert(v, ty)
		if err != nil {
			return err
		}
		return gocty.FromCtyValue(cv, target)
	}
	for _, tc := range []struct {
		v    cty.Value
		fast bool // decodeStrings takes it
	}{
		{cty.StringVal("exec"), true},
		{cty.StringVal(""), true},
		{cty.TupleVal([]cty.Value{cty.StringVal("/bin/echo"), cty.StringVal("é")}), true},
		{cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")}), true},
		{cty.EmptyTupleVal, true},
		{cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.NumberIntVal(1)}), false},
		{cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.NullVal(cty.String)}), false},
		{cty.TupleVal([]cty.Value{cty.UnknownVal(cty.String)}), false},
		{cty.NullVal(cty.String), false},
		{cty.NumberIntVal(3), false},
		{cty.StringVal("secret").Mark("sensitive"), false},
		{cty.SetVal([]cty.Value{cty.StringVal("b"), cty.StringVal("a")}), false},
	} {
		var gotS, wantS string
		var gotL, wantL []string
		for _, pair := range []struct{ got, want any }{{&gotS, &wantS}, {&gotL, &wantL}} {
			took := decodeStrings(tc.v, pair.got)
			if tc.v.ContainsMarked() {
				continue // the general way panics on marks: callers never give it any
			}
			err := general(tc.v, pair.want)
			if took && err != nil {
				t.Errorf("%#v into %T: decodeStrings took what the general way refuses: %v", tc.v, pair.got, err)
			}
		}
		if gotS != wantS && decodeStrings(tc.v, new(string)) {
			t.Errorf("%#v: string %q, the general way %q", tc.v, gotS, wantS)
		}
		if decodeStrings(tc.v, new([]string)) {
			if d := cmp.Diff(wantL, gotL); d != "" {
				t.Errorf("%#v: list (-general +decodeStrings):\n%s", tc.v, d)
			}
		}
		if took := decodeStrings(tc.v, new(string)) || decodeStrings(tc.v, new([]string)); took != tc.fast {
			t.Errorf("%#v: decodeStrings took it: %v, want %v", tc.v, took, tc.fast)
		}
	}
}

// callsImpure finds an impure call wherever hclsyntax's walk finds one: at
// the top, deep in the expressions it walks itself, and inside those it
// leaves to hclsyntax.
func TestCallsImpureMatchesHCL(t *testing.T) {
	for _, src := range []string{
		`"x"`, `timestamp()`, `upper("x")`, `["a", env("HOME")]`, `{ a = { b = file("f") } }`,
		`"${timestamp()}"`, `var.a ? 1 : env("X")`, `-length(file("f"))`, `(upper(var.x))`, `var.m[env("K")]`,
		`upper(file("f")).y`, `[for s in var.l : env(s)]`, `{for k, v in var.m : k => timestamp()}`, `var.l[*].id`,
		`[for s in var.l : upper(s)]`, `{ (env("K")) = 1 }`, `jsonencode({ a = [var.x, { b = local.y }] })`,
	} {
		expr, diags := hclsyntax.ParseExpression([]byte(src), "test.hcl", hcl2.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", src, diags)
		}
		want := false
		hclsyntax.VisitAll(expr, func(n hclsyntax.Node) hcl2.Diagnostics {
			if call, ok := n.(*hclsyntax.FunctionCallExpr); ok && impureFunctions[call.Name] {
				want = true
			}
			return nil
		})
		if got := callsImpure(expr); got != want {
			t.Errorf("%s: callsImpure = %v, hclsyntax's walk finds %v", src, got, want)
		}
	}
}
