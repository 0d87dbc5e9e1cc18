package hcl

import (
	"strings"
	"testing"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

func TestCheckSource(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	for _, tc := range []struct {
		name    string
		src     string
		summary string // "" = no diagnostic
		line    int
		column  int
	}{
		{name: "plain", src: "pipe \"a\" {\n  use = \"value\"\n  value = " + nest(MaxNesting-1) + "\n}\n"},
		{name: "at the limit", src: "x = " + nest(MaxNesting)},
		{name: "one past the limit", src: "x = 1\ny = " + nest(MaxNesting+1), summary: "Nesting too deep", line: 2, column: 5 + MaxNesting},
		{name: "brackets in strings, comments and heredocs do not count", src: "x = \"" + strings.Repeat("[", 1000) + "\"\n# " + strings.Repeat("{", 1000) +
			"\n/* " + strings.Repeat("(", 1000) + " */\ny = <<EOT\n" + strings.Repeat("[", 1000) + "\nEOT\n// " + strings.Repeat("[", 1000) + "\n"},
		{name: "escaped quotes stay in the string", src: `x = "\"[[[[" ` + "\n"},
		{name: "interpolations count", src: "x = \"" + strings.Repeat("${\"", MaxNesting+1) + strings.Repeat("\"}", MaxNesting+1) + "\"", summary: "Nesting too deep", line: 1},
		{name: "interpolations in a heredoc count", src: "x = <<EOT\n" + strings.Repeat("${", MaxNesting+1) + "1" + strings.Repeat("}", MaxNesting+1) + "\nEOT\n", summary: "Nesting too deep", line: 2},
		{name: "literal interpolation", src: "x = \"" + strings.Repeat("$${", 1000) + "\""},
		{name: "a NUL byte", src: "x = 1\ny = \"a\x00b\"", summary: "Not a text file", line: 2, column: 7},
		{name: "latin-1", src: "x = \"caf\xe9\"", summary: "Not a text file", line: 1, column: 9},
		{name: "UTF-8", src: "x = \"café ünïcödé 日本\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags := CheckSource("f.hcl", []byte(tc.src))
			if tc.summary == "" {
				if len(diags) != 0 {
					t.Fatalf("diagnostics: %v", diags)
				}
				return
			}
			if len(diags) != 1 {
				t.Fatalf("%d diagnostics, want 1: %v", len(diags), diags)
			}
			d := diags[0]
			if d.Summary != tc.summary || d.Subject == nil || d.Subject.Filename != "f.hcl" || d.Subject.Start.Line != tc.line {
				t.Errorf("got %q at %v, want %q at line %d", d.Summary, d.Subject, tc.summary, tc.line)
			}
			if tc.column != 0 && d.Subject.Start.Column != tc.column {
				t.Errorf("column %d, want %d", d.Subject.Start.Column, tc.column)
			}
		})
	}
}

// A file past the limit is not parsed: one diagnostic, however deep it goes
// (40 KB of brackets used to take half a gigabyte in the parser).
func TestLoadDeepFile(t *testing.T) {
	src := "locals {\n  x = " + strings.Repeat("[", 40000) + strings.Repeat("]", 40000) + "\n}\n"
	_, diags := LoadSource("deep.hcl", []byte(src), testOptions())
	if len(diags) != 1 || diags[0].Summary != "Nesting too deep" || diags[0].Subject.Start.Line != 2 {
		t.Fatalf("diagnostics: %v", diags)
	}
}

func TestCheckOutputDepth(t *testing.T) {
	nested := func(n int) cty.Value {
		v := cty.StringVal("x")
		for range n {
			v = cty.TupleVal([]cty.Value{v})
		}
		return v
	}
	if err := CheckOutputDepth(nested(MaxValueDepth)); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	err := CheckOutputDepth(nested(20000))
	if err == nil {
		t.Fatal("20000 deep: no error")
	}
	if len(err.Error()) > 200 {
		t.Errorf("the error is %d bytes long", len(err.Error()))
	}
	for _, v := range []cty.Value{cty.NilVal, cty.NullVal(cty.DynamicPseudoType), cty.DynamicVal, cty.StringVal("x")} {
		if err := CheckOutputDepth(v); err != nil {
			t.Errorf("%#v: %v", v, err)
		}
	}
}

// A key the load could not check is refused when the collection is known: a
// program's output that holds a secret, a key with a control character.
func TestEvalForEachRefusesKeys(t *testing.T) {
	p := loadSrc(t, `
variable "secret" {
  sensitive = true
  default   = "Hunter2Secret"
}
pipe "src" {
  use     = "exec"
  command = ["echo", var.secret]
}
pipe "fan" {
  use      = "exec"
  for_each = toset(split(",", pipe.src.output.stdout))
  command  = ["echo", each.key]
}
`, testOptions())
	run := func(stdout string) ([]Each, string) {
		out := cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal(stdout)})
		elems, diags := p.EvalForEach("fan", fakeStates{"src": succeeded(out)}.get)
		if !diags.HasErrors() {
			return elems, ""
		}
		return elems, diags[0].Summary + ": " + diags[0].Detail
	}
	if elems, msg := run("a,b"); msg != "" || len(elems) != 2 {
		t.Fatalf("plain keys: %v %s", elems, msg)
	}
	elems, msg := run("plain,v-Hunter2Secret")
	if elems != nil || !strings.Contains(msg, "Sensitive for_each") || !strings.Contains(msg, "Key number 2") {
		t.Errorf("a key with a secret: %v %q", elems, msg)
	}
	if strings.Contains(msg, "Hunter2") {
		t.Errorf("the error shows the secret: %s", msg)
	}
	elems, msg = run("\x1b[31mred")
	if elems != nil || !strings.Contains(msg, `"\x1b[31mred"`) {
		t.Errorf("a key with an escape: %v %q", elems, msg)
	}
}

func TestForEachTooMany(t *testing.T) {
	elems := make([]cty.Value, MaxCollection+1)
	for i := range elems {
		elems[i] = cty.True
	}
	_, diags := forEachElements(cty.ListVal(elems), hcl2.Range{Filename: "f.hcl"})
	if !diags.HasErrors() || !strings.Contains(diags[0].Detail, "the limit is 1000000") {
		t.Errorf("diagnostics: %v", diags)
	}
}
