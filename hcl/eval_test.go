package hcl

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/pipes"
)

// fakeStates stands in for the executor's results.
type fakeStates map[string]PipeState

func (f fakeStates) get(id string) (PipeState, bool) {
	s, ok := f[id]
	return s, ok
}

func succeeded(out cty.Value) PipeState {
	return PipeState{Status: StatusSucceeded, Output: out, Attempts: 1, Duration: 1500 * time.Millisecond}
}

// loadSrc loads src as a file of dir and fails on error diagnostics.
func loadSrc(t *testing.T, src string, opts LoadOptions) *Pipeline {
	t.Helper()
	p, diags := LoadSource(filepath.Join(t.TempDir(), "test.hcl"), []byte(src), opts)
	if err := DiagnosticsError(diags); err != nil {
		var buf bytes.Buffer
		_ = WriteDiagnostics(&buf, p.Files(), diags, false, 100)
		t.Fatalf("LoadSource: %s", buf.String())
	}
	return p
}

func mustNoErrors(t *testing.T, diags hcl2.Diagnostics) {
	t.Helper()
	if err := DiagnosticsError(diags); err != nil {
		t.Fatal(err)
	}
}

// hasDiag reports whether diags has a diagnostic of severity sev whose summary
// contains summary.
func hasDiag(diags hcl2.Diagnostics, sev hcl2.DiagnosticSeverity, summary string) bool {
	for _, d := range diags {
		if d.Severity == sev && strings.Contains(d.Summary, summary) {
			return true
		}
	}
	return false
}

func TestDecodeArgsFromUpstreamOutput(t *testing.T) {
	p := loadValid(t, "spec_example.hcl", testOptions())
	states := fakeStates{
		"routing": {Status: StatusSucceeded},
		"load":    succeeded(cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal("42\n"), "exit_code": cty.NumberIntVal(0)})),
	}
	args, diags := p.DecodeArgs("store", states.get)
	mustNoErrors(t, diags)
	got, ok := args.(*pipes.ExecArgs)
	if !ok {
		t.Fatalf("args are %T", args)
	}
	if diff := cmp.Diff([]string{"./store", "42\n"}, got.Command); diff != "" {
		t.Errorf("command (-want +got):\n%s", diff)
	}

	// Locals and variables flow in too.
	args, diags = p.DecodeArgs("fetch", fakeStates{}.get)
	mustNoErrors(t, diags)
	if u := args.(*pipes.HTTPArgs).URL; u != "https://tickets.example/dev/tickets?state=new" {
		t.Errorf("url = %q", u)
	}

	// A composite has no arguments.
	if _, diags := p.DecodeArgs("routing", states.get); !diags.HasErrors() {
		t.Error("DecodeArgs of a composite: no error")
	}
	if _, diags := p.DecodeArgs("nope", states.get); !diags.HasErrors() {
		t.Error("DecodeArgs of an unknown pipe: no error")
	}
	// Without the upstream's result: an error at the reference, not a panic.
	_, diags = p.DecodeArgs("store", fakeStates{}.get)
	if !hasDiag(diags, hcl2.DiagError, "Pipe has not finished") {
		t.Errorf("diags = %v", diags)
	}
}

func TestDecodeArgsPipeAttributes(t *testing.T) {
	p := loadSrc(t, `
pipe "a" {
  use     = "exec"
  command = ["./a"]
}
pipe "b" {
  use     = "exec"
  trigger = "all_done"
  command = ["./b", pipe.a.status, tostring(pipe.a.attempts), tostring(pipe.a.duration), coalesce(pipe.a.error, "none")]
}
`, testOptions())
	for _, tc := range []struct {
		state PipeState
		want  []string
	}{
		{succeeded(cty.NilVal), []string{"./b", "succeeded", "1", "1.5", "none"}},
		{PipeState{Status: StatusFailed, Error: "exit status 3", Attempts: 3, Duration: 2 * time.Second}, []string{"./b", "failed", "3", "2", "exit status 3"}},
	} {
		args, diags := p.DecodeArgs("b", fakeStates{"a": tc.state}.get)
		mustNoErrors(t, diags)
		if diff := cmp.Diff(tc.want, args.(*pipes.ExecArgs).Command); diff != "" {
			t.Errorf("%s: command (-want +got):\n%s", tc.state.Status, diff)
		}
	}
}

func TestDecodeArgsRunTimeErrors(t *testing.T) {
	p := loadSrc(t, `
pipe "a" {
  use   = "value"
  value = "x"
}
pipe "wait" {
  use      = "sleep"
  duration = pipe.a.output
}
pipe "run" {
  use     = "exec"
  command = pipe.a.output
}
`, testOptions())
	// The type's Check runs at run time too, pointing at the argument.
	_, diags := p.DecodeArgs("wait", fakeStates{"a": succeeded(cty.StringVal("soon"))}.get)
	if !hasDiag(diags, hcl2.DiagError, "Invalid argument") || diags[0].Subject == nil || diags[0].Subject.Start.Line != 8 {
		t.Errorf("diags = %v", diags)
	}
	// A value of the wrong type.
	_, diags = p.DecodeArgs("run", fakeStates{"a": succeeded(cty.NumberIntVal(1))}.get)
	if !diags.HasErrors() || diags[0].Subject == nil || diags[0].Subject.Start.Line != 12 {
		t.Errorf("diags = %v", diags)
	}
	args, diags := p.DecodeArgs("wait", fakeStates{"a": succeeded(cty.StringVal("2s"))}.get)
	mustNoErrors(t, diags)
	if d := args.(*pipes.SleepArgs).Duration; d != "2s" {
		t.Errorf("duration = %q", d)
	}
}

func TestEvalCondition(t *testing.T) {
	p := loadSrc(t, `
pipe "fetch" {
  use   = "value"
  value = 1
}
pipe "classify" {
  use     = "exec"
  command = ["./classify"]
  if      = length(pipe.fetch.output.tickets) > 0
}
pipe "plain" {
  use     = "exec"
  command = ["./plain"]
}
pipe "nullable" {
  use     = "exec"
  command = ["./n"]
  if      = pipe.fetch.output
}
pipe "on_failure" {
  use     = "exec"
  command = ["./page"]
  trigger = "one_failed"
  if      = pipe.fetch.status == "failed"
}
`, testOptions())
	tickets := func(n int) fakeStates {
		var list []cty.Value
		for range n {
			list = append(list, cty.StringVal("t"))
		}
		v := cty.EmptyTupleVal
		if n > 0 {
			v = cty.TupleVal(list)
		}
		return fakeStates{"fetch": succeeded(cty.ObjectVal(map[string]cty.Value{"tickets": v}))}
	}
	for _, tc := range []struct {
		name    string
		id      string
		states  fakeStates
		want    bool
		wantErr string
	}{
		{"non-empty", "classify", tickets(2), true, ""},
		{"empty", "classify", tickets(0), false, ""},
		{"no condition", "plain", nil, true, ""},
		{"status", "on_failure", fakeStates{"fetch": {Status: StatusFailed, Error: "boom"}}, true, ""},
		{"status false", "on_failure", tickets(1), false, ""},
		{"null", "nullable", fakeStates{"fetch": succeeded(cty.NilVal)}, false, "Invalid condition"},
		{"not a bool", "nullable", fakeStates{"fetch": succeeded(cty.StringVal("maybe"))}, false, "Invalid condition"},
		{"bool string", "nullable", fakeStates{"fetch": succeeded(cty.StringVal("true"))}, true, ""},
		{"missing attribute", "classify", fakeStates{"fetch": succeeded(cty.EmptyObjectVal)}, false, "Unsupported attribute"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := p.EvalCondition(tc.id, tc.states.get)
			if tc.wantErr != "" {
				if !hasDiag(diags, hcl2.DiagError, tc.wantErr) {
					t.Fatalf("diags = %v; want %q", diags, tc.wantErr)
				}
				for _, d := range diags {
					if d.Subject == nil {
						t.Errorf("diagnostic without subject: %v", d)
					}
				}
				return
			}
			mustNoErrors(t, diags)
			if got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEvalOutputs(t *testing.T) {
	p := loadSrc(t, `
variable "token" {
  default   = "tok"
  sensitive = true
}
pipe "a" {
  use   = "value"
  value = "x"
}
output "value" {
  value = pipe.a.output
}
output "status" {
  value = pipe.a.status
}
output "both" {
  value = "${pipe.a.output}-${var.token}"
}
output "deep" {
  value = pipe.a.output.missing
}
`, testOptions())
	type out struct {
		Name      string
		Value     string
		Sensitive bool
	}
	collect := func(vals []OutputValue) []out {
		var got []out
		for _, v := range vals {
			got = append(got, out{v.Name, v.Value.GoString(), v.Sensitive})
		}
		return got
	}

	vals, diags := p.EvalOutputs(fakeStates{"a": succeeded(cty.StringVal("x"))}.get)
	// deep reads an attribute of a string: a real error of the expression.
	if !hasDiag(diags, hcl2.DiagError, "Unsupported attribute") {
		t.Errorf("diags = %v", diags)
	}
	want := []out{
		{"value", `cty.StringVal("x")`, false},
		{"status", `cty.StringVal("succeeded")`, false},
		{"both", `cty.StringVal("x-tok")`, true},
		{"deep", `cty.NullVal(cty.DynamicPseudoType)`, false},
	}
	if diff := cmp.Diff(want, collect(vals)); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}

	// The pipe was skipped: its output is null with a warning, its status is
	// still there; nothing is an error.
	vals, diags = p.EvalOutputs(fakeStates{"a": {Status: StatusSkipped}}.get)
	if DiagnosticsError(diags) != nil {
		t.Errorf("errors: %v", diags)
	}
	if !hasDiag(diags, hcl2.DiagWarning, "Output has no value") {
		t.Errorf("no warning: %v", diags)
	}
	want = []out{
		{"value", `cty.NullVal(cty.DynamicPseudoType)`, false},
		{"status", `cty.StringVal("skipped")`, false},
		{"both", `cty.NullVal(cty.DynamicPseudoType)`, true},
		{"deep", `cty.NullVal(cty.DynamicPseudoType)`, false},
	}
	if diff := cmp.Diff(want, collect(vals)); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}

	// The pipe never ran (e.g. the run was cancelled before it).
	_, diags = p.EvalOutputs(fakeStates{}.get)
	if DiagnosticsError(diags) != nil || !hasDiag(diags, hcl2.DiagWarning, "Output has no value") {
		t.Errorf("diags = %v", diags)
	}
}

func TestCompositeValue(t *testing.T) {
	p := loadValid(t, "composites.hcl", testOptions())
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	out := func(s string) cty.Value { return cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal(s)}) }
	states := fakeStates{
		"etl": {Status: StatusSucceeded},
		"tl":  {Status: StatusSucceeded},
		// extract, then transform, then load: one after the other.
		"extract":   {Status: StatusSucceeded, Output: out("e"), Attempts: 1, Duration: 3 * time.Second, Started: t0, Finished: at(3)},
		"transform": {Status: StatusSucceeded, Output: out("t"), Attempts: 2, Duration: 5 * time.Second, Started: at(3), Finished: at(8)},
		"load":      {Status: StatusFailed, Error: "load failed", Attempts: 4, Duration: time.Second, Started: at(8), Finished: at(9)},
		"verify":    {Status: StatusSkipped},
	}
	args, diags := p.DecodeArgs("report", states.get)
	mustNoErrors(t, diags)
	got := args.(*pipes.ValueArgs).Value
	want := cty.ObjectVal(map[string]cty.Value{
		"extract": out("e"),
		"tl": cty.ObjectVal(map[string]cty.Value{
			"transform": out("t"),
			"load":      cty.NullVal(cty.DynamicPseudoType),
			"verify":    cty.NullVal(cty.DynamicPseudoType),
		}),
	})
	if !got.RawEquals(want) {
		t.Errorf("pipe.etl.output = %#v\nwant %#v", got, want)
	}

	for _, tc := range []struct {
		name   string
		change fakeStates
		want   PipeState
	}{
		// The duration runs from the first start to the last end: the steps
		// ran one after the other, so it is their sum, not the longest.
		{"a step failed", nil, PipeState{Status: StatusFailed, Error: "load failed", Attempts: 7, Duration: 9 * time.Second, Started: t0, Finished: at(9)}},
		{"a step cancelled", fakeStates{"load": {Status: StatusCancelled, Reason: "run_cancelled", Attempts: 1}},
			PipeState{Status: StatusCancelled, Reason: "run_cancelled", Attempts: 4, Duration: 8 * time.Second, Started: t0, Finished: at(8)}},
		{"some succeeded", fakeStates{"load": {Status: StatusSkipped}}, PipeState{Status: StatusSucceeded, Attempts: 3, Duration: 8 * time.Second, Started: t0, Finished: at(8)}},
		// A failure the pipeline allows counts as a success, as in the core.
		{"a step's failure allowed", fakeStates{"load": {Status: StatusFailed, Allowed: true, Error: "load failed", Attempts: 4, Started: at(8), Finished: at(9)}},
			PipeState{Status: StatusSucceeded, Attempts: 7, Duration: 9 * time.Second, Started: t0, Finished: at(9)}},
		// Skipped steps: the composite is skipped, with its first step's reason.
		{"all skipped", fakeStates{"extract": {Status: StatusSkipped, Reason: "upstream_failed"}, "transform": {Status: StatusSkipped, Reason: "condition_false"},
			"load": {Status: StatusSkipped}}, PipeState{Status: StatusSkipped, Reason: "upstream_failed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fakeStates{}
			for k, v := range states {
				s[k] = v
			}
			for k, v := range tc.change {
				s[k] = v
			}
			got, ok := p.state("etl", nil, s.get)
			if !ok {
				t.Fatal("no state")
			}
			got.Output = cty.NilVal
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b cty.Value) bool { return a.RawEquals(b) })); diff != "" {
				t.Errorf("state (-want +got):\n%s", diff)
			}
			vals, diags := p.EvalOutputs(s.get)
			mustNoErrors(t, diags)
			if vals[0].Value.AsString() != tc.want.Status {
				t.Errorf("etl_status = %#v", vals[0].Value)
			}
		})
	}
}

func TestVariablePrecedence(t *testing.T) {
	dir := t.TempDir()
	varFile := filepath.Join(dir, "vars.hcl")
	if err := os.WriteFile(varFile, []byte("env = \"from-file\"\nn = 7\nunknown = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	laterFile := filepath.Join(dir, "later.hcl")
	if err := os.WriteFile(laterFile, []byte("env = \"from-later-file\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := `
variable "env" {
  default = "from-default"
}
variable "n" {
  type    = number
  default = 1
}
variable "list" {
  type    = list(string)
  default = []
}
output "env" {
  value = var.env
}
`
	env := func(m map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	for _, tc := range []struct {
		name       string
		opts       LoadOptions
		wantEnv    string
		wantSource string
		wantN      int64
	}{
		{"default", LoadOptions{}, "from-default", SourceDefault, 1},
		{"environment", LoadOptions{LookupEnv: env(map[string]string{"DAGRUN_VAR_env": "from-env", "DAGRUN_VAR_n": "3"})}, "from-env", SourceEnv, 3},
		{"var file beats environment", LoadOptions{VarFiles: []string{varFile}, LookupEnv: env(map[string]string{"DAGRUN_VAR_env": "from-env"})}, "from-file", SourceVarFile, 7},
		{"later var file wins", LoadOptions{VarFiles: []string{varFile, laterFile}}, "from-later-file", SourceVarFile, 7},
		{"--var beats all", LoadOptions{Vars: map[string]string{"env": "from-flag", "n": "2 + 3"}, VarFiles: []string{varFile}, LookupEnv: env(map[string]string{"DAGRUN_VAR_env": "from-env"})}, "from-flag", SourceVar, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.opts.LookupEnv == nil {
				tc.opts.LookupEnv = env(nil)
			}
			p, diags := LoadSource("p.hcl", []byte(src), tc.opts)
			mustNoErrors(t, diags)
			if len(tc.opts.VarFiles) > 0 && !hasDiag(diags, hcl2.DiagWarning, "Value for undeclared variable") {
				t.Errorf("no warning for the undeclared variable of the var file: %v", diags)
			}
			v := p.Variables[0]
			if v.Value.AsString() != tc.wantEnv || v.Source != tc.wantSource {
				t.Errorf("env = %#v from %s; want %q from %s", v.Value, v.Source, tc.wantEnv, tc.wantSource)
			}
			if n, _ := p.Variables[1].Value.AsBigFloat().Int64(); n != tc.wantN {
				t.Errorf("n = %d; want %d", n, tc.wantN)
			}
			vals, _ := p.EvalOutputs(nil)
			if vals[0].Value.AsString() != tc.wantEnv {
				t.Errorf("output env = %#v", vals[0].Value)
			}
		})
	}

	t.Run("list parsed as HCL", func(t *testing.T) {
		p, diags := LoadSource("p.hcl", []byte(src), LoadOptions{Vars: map[string]string{"list": `["a", "b"]`}, LookupEnv: env(nil)})
		mustNoErrors(t, diags)
		want := cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")})
		if got := p.Variables[2].Value; !got.RawEquals(want) {
			t.Errorf("list = %#v", got)
		}
	})

	for _, tc := range []struct {
		name    string
		opts    LoadOptions
		summary string
		file    string
	}{
		{"wrong type", LoadOptions{Vars: map[string]string{"n": `"many"`}}, "Invalid value for variable", "<value for var.n>"},
		{"not an expression", LoadOptions{Vars: map[string]string{"n": `1 +`}}, "Missing expression", "<value for var.n>"},
		{"undeclared", LoadOptions{Vars: map[string]string{"nn": "1"}}, "Value for undeclared variable", "<--var nn>"},
		{"wrong type in environment", LoadOptions{LookupEnv: env(map[string]string{"DAGRUN_VAR_n": "x"})}, "Invalid value for variable", "<value of DAGRUN_VAR_n>"},
		{"a word for a number", LoadOptions{Vars: map[string]string{"n": "abc"}}, "Invalid value for variable", "<value for var.n>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.opts.LookupEnv == nil {
				tc.opts.LookupEnv = env(nil)
			}
			p, diags := LoadSource("p.hcl", []byte(src), tc.opts)
			if !hasDiag(diags, hcl2.DiagError, tc.summary) {
				t.Fatalf("diags = %v; want %q", diags, tc.summary)
			}
			for _, d := range diags {
				if d.Severity == hcl2.DiagError && (d.Subject == nil || d.Subject.Filename != tc.file) {
					t.Errorf("subject of %q = %v; want in %s", d.Summary, d.Subject, tc.file)
				}
			}
			// The pseudo-file renders with an excerpt.
			var buf bytes.Buffer
			if err := WriteDiagnostics(&buf, p.Files(), diags, false, 0); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), "  1: ") {
				t.Errorf("no excerpt:\n%s", buf.String())
			}
		})
	}
}

func TestFunctions(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "greeting.txt"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := `
locals {
  home    = env("HOME_FOR_TEST")
  unset   = env("NOT_SET")
  file    = trimspace(file("greeting.txt"))
  now     = timestamp()
  tried   = try(jsondecode("{"), "fallback")
  can_yes = can(jsondecode("{}"))
  can_no  = can(jsondecode("{"))
  text    = format("%s-%03d", upper("a"), 7)
  len_str = length("héllo")
  len_obj = length({ a = 1, b = 2 })
  nums    = [for n in range(3) : n * 2]
  conv    = tonumber("12") + 1
}
output "all" {
  value = {
    home = local.home, unset = local.unset, file = local.file, now = local.now,
    tried = local.tried, can_yes = local.can_yes, can_no = local.can_no, text = local.text,
    len_str = local.len_str, len_obj = local.len_obj, nums = local.nums, conv = local.conv,
  }
}
`
	opts := LoadOptions{
		LookupEnv: func(k string) (string, bool) {
			if k == "HOME_FOR_TEST" {
				return "/home/test", true
			}
			return "", false
		},
		Now: func() time.Time { return time.Date(2024, 5, 1, 14, 30, 0, 0, time.FixedZone("CEST", 2*3600)) },
	}
	p, diags := LoadSource(filepath.Join(dir, "p.hcl"), []byte(src), opts)
	mustNoErrors(t, diags)
	vals, diags := p.EvalOutputs(nil)
	mustNoErrors(t, diags)
	got := vals[0].Value.AsValueMap()
	want := map[string]cty.Value{
		"home":    cty.StringVal("/home/test"),
		"unset":   cty.StringVal(""),
		"file":    cty.StringVal("hello"),
		"now":     cty.StringVal("2024-05-01T12:30:00Z"),
		"tried":   cty.StringVal("fallback"),
		"can_yes": cty.True,
		"can_no":  cty.False,
		"text":    cty.StringVal("A-007"),
		"len_str": cty.NumberIntVal(5),
		"len_obj": cty.NumberIntVal(2),
		"nums":    cty.TupleVal([]cty.Value{cty.NumberIntVal(0), cty.NumberIntVal(2), cty.NumberIntVal(4)}),
		"conv":    cty.NumberIntVal(13),
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || !g.Equals(w).True() {
			t.Errorf("local.%s = %#v; want %#v", k, g, w)
		}
	}

	// file() of a missing file is a diagnostic at the call.
	_, diags = LoadSource(filepath.Join(dir, "p.hcl"), []byte(`locals {
  x = file("missing.txt")
}`), opts)
	if !diags.HasErrors() || diags[0].Subject == nil || diags[0].Subject.Start.Line != 2 {
		t.Errorf("diags = %v", diags)
	}
}

func TestFunctionListIsComplete(t *testing.T) {
	fns := functions("", nil, nil, nil)
	for _, name := range []string{
		"upper", "lower", "format", "join", "split", "length", "keys", "values", "merge",
		"concat", "contains", "coalesce", "jsonencode", "jsondecode", "regex", "replace", "range",
		"abs", "min", "max", "tostring", "tonumber", "tobool", "tolist", "tomap", "toset",
		"trimspace", "substr", "sort", "flatten", "distinct", "lookup", "element", "reverse",
		"try", "can", "env", "file", "timestamp",
	} {
		if _, ok := fns[name]; !ok {
			t.Errorf("function %s is missing", name)
		}
	}
	for name, f := range fns {
		if f.Description() == "" {
			t.Errorf("function %s has no description", name)
		}
	}
}

func TestRedactNonStringValues(t *testing.T) {
	p := loadSrc(t, `
variable "keys" {
  type      = map(string)
  default   = { a = "alpha-key", b = "beta-key-longer", c = "" }
  sensitive = true
}
variable "plain" {
  default = "alpha"
}
`, LoadOptions{LookupEnv: func(string) (string, bool) { return "", false }})
	got := p.Redact("alpha alpha-key beta-key-longer")
	if got != "alpha (sensitive) (sensitive)" {
		t.Errorf("Redact = %q", got)
	}
	var none Pipeline
	if none.Redact("x") != "x" {
		t.Error("Redact without sensitive values changed the text")
	}
}

func TestDiagnosticsError(t *testing.T) {
	if err := DiagnosticsError(nil); err != nil {
		t.Errorf("nil diags: %v", err)
	}
	warn := hcl2.Diagnostics{{Severity: hcl2.DiagWarning, Summary: "w"}}
	if err := DiagnosticsError(warn); err != nil {
		t.Errorf("warnings only: %v", err)
	}
	mixed := append(warn, &hcl2.Diagnostic{Severity: hcl2.DiagError, Summary: "boom"})
	err := DiagnosticsError(mixed)
	var diags hcl2.Diagnostics
	if !errors.As(err, &diags) || len(diags) != 1 || diags[0].Summary != "boom" {
		t.Errorf("err = %#v", err)
	}
}

func TestWriteDiagnostics(t *testing.T) {
	p, diags := Load("testdata/invalid/unknown_argument.hcl", testOptions())
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, p.Files(), diags, false, 80); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Error: Unsupported argument", "unknown_argument.hcl line 3", `comand = ["./x"]`, `Did you mean "command"?`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestLoadErrors(t *testing.T) {
	for _, path := range []string{"testdata/nope.hcl", t.TempDir()} {
		p, diags := Load(path, testOptions())
		if p == nil || !diags.HasErrors() {
			t.Errorf("Load(%s): %v, %v", path, p, diags)
		}
	}
}

func TestNilRegistry(t *testing.T) {
	_, diags := LoadSource("p.hcl", []byte(`pipe "a" {
  use = "exec"
}`), LoadOptions{})
	if !hasDiag(diags, hcl2.DiagError, "Unknown pipe type") {
		t.Errorf("diags = %v", diags)
	}
}

func TestMetaArgumentsMatchPipes(t *testing.T) {
	if diff := cmp.Diff(pipes.MetaArguments(), reservedAttrNames()); diff != "" {
		t.Errorf("meta-arguments of pipes and of the hcl schema differ (-pipes +hcl):\n%s", diff)
	}
}

// reservedArgs is an argument struct that uses a meta-argument name. The
// registry refuses it; a Type built by hand that bypasses it is still reported
// at `use` instead of misbehaving.
type reservedArgs struct {
	Timeout string `hcl:"timeout,optional"`
}

// badTagArgs makes gohcl panic: a block field of a type that cannot be one.
type badTagArgs struct {
	X string `hcl:"x,block"`
}

func TestUnusableArgumentStructs(t *testing.T) {
	f, diags := hclsyntax.ParseConfig([]byte("pipe \"a\" {\n  use = \"bad\"\n}\n"), "p.hcl", hcl2.InitialPos)
	mustNoErrors(t, diags)
	content, _ := f.Body.Content(rootSchema)
	meta, remain, _ := content.Blocks[0].Body.PartialContent(pipeMetaSchema)
	for _, args := range []reflect.Type{reflect.TypeFor[reservedArgs](), reflect.TypeFor[badTagArgs]()} {
		l := newLoader(LoadOptions{})
		typ := &pipes.Type{Name: "bad", Args: args}
		if _, ok := l.typeArgs(typ, meta.Attributes["use"], remain); ok {
			t.Errorf("%s: accepted", args)
		}
		if !hasDiag(l.diags, hcl2.DiagError, "Invalid pipe type") || l.diags[0].Subject.Start.Line != 2 {
			t.Errorf("%s: diags = %v", args, l.diags)
		}
	}
}

func TestSensitiveValueNotRendered(t *testing.T) {
	src := `variable "pin" {
  type      = number
  sensitive = true
}
`
	opts := LoadOptions{LookupEnv: func(k string) (string, bool) {
		if k == "DAGRUN_VAR_pin" {
			return "hunter2-secret", true
		}
		return "", false
	}}
	p, diags := LoadSource("p.hcl", []byte(src), opts)
	if !diags.HasErrors() {
		t.Fatal("no error for a non-number")
	}
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, p.Files(), diags, false, 0); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "hunter2") {
		t.Errorf("the sensitive value is rendered:\n%s", buf.String())
	}
}

// A loaded Pipeline is read-only: the evaluation methods may run from the
// executor's goroutines at once (go test -race checks it).
func TestConcurrentEvaluation(t *testing.T) {
	p := loadValid(t, "spec_example.hcl", testOptions())
	ticket := cty.ObjectVal(map[string]cty.Value{"id": cty.StringVal("t1")})
	states := fakeStates{
		"fetch": succeeded(cty.ObjectVal(map[string]cty.Value{"json": cty.ObjectVal(map[string]cty.Value{"tickets": cty.TupleVal([]cty.Value{ticket})})})),
		// One Instances read by every goroutine: its value is built once.
		"classify": {Status: StatusSucceeded, Instances: NewInstances(map[string]PipeState{"0": succeeded(cty.NilVal)})},
		"routing":  {Status: StatusSucceeded},
		"load":     succeeded(cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal("x")})),
		"store":    succeeded(cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal("y")})),
	}
	done := make(chan struct{})
	for range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 20 {
				if _, diags := p.EvalForEach("classify", states.get); diags.HasErrors() {
					t.Error(diags)
				}
				if _, diags := p.DecodeInstanceArgs("classify", Each{Key: "0", Value: ticket}, states.get); diags.HasErrors() {
					t.Error(diags)
				}
				if v := states["classify"].Instances.Value(); v.LengthInt() != 1 {
					t.Errorf("pipe.classify = %#v", v)
				}
				for _, id := range []string{"fetch", "classify", "notify_failure", "load", "store"} {
					if id == "classify" {
						continue // per instance, above
					}
					if _, diags := p.DecodeArgs(id, states.get); diags.HasErrors() {
						t.Error(diags)
					}
					if _, diags := p.EvalCondition(id, states.get); diags.HasErrors() {
						t.Error(diags)
					}
				}
				if _, diags := p.EvalOutputs(states.get); diags.HasErrors() {
					t.Error(diags)
				}
				_ = p.Redact("text")
			}
		}()
	}
	for range 8 {
		<-done
	}
}

// Arguments known at load are decoded once; those reading a pipe or calling
// an impure function are decoded for every attempt.
func TestStaticArgsDecodedOnce(t *testing.T) {
	clock := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	p := loadSrc(t, `
locals { at_load = timestamp() }
pipe "a" {
  use     = "exec"
  command = ["echo", local.at_load]
}
pipe "b" {
  use     = "exec"
  command = ["echo", timestamp()]
}
pipe "c" {
  use     = "exec"
  command = ["echo", pipe.a.output.stdout]
}
`, LoadOptions{Types: pipes.Builtins(), Now: func() time.Time { clock = clock.Add(time.Second); return clock }})
	states := fakeStates{"a": succeeded(cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal("x")}))}
	decode := func(id string) *pipes.ExecArgs {
		t.Helper()
		args, diags := p.DecodeArgs(id, states.get)
		mustNoErrors(t, diags)
		return args.(*pipes.ExecArgs)
	}
	if a1, a2 := decode("a"), decode("a"); a1 != a2 || a1.Command[1] != "2024-05-01T00:00:01Z" {
		t.Errorf("a: decoded again (%p, %p) or wrong %q", a1, a2, a1.Command)
	}
	if b1, b2 := decode("b"), decode("b"); b1.Command[1] == b2.Command[1] {
		t.Errorf("b: timestamp() evaluated once: %q", b1.Command[1])
	}
	if c1, c2 := decode("c"), decode("c"); c1 == c2 || c1.Command[1] != "x" {
		t.Errorf("c: shared (%p) or wrong %q", c1, c1.Command)
	}
}

// The per-attribute decoding of simple argument structs gives what
// gohcl.DecodeBody gives, values and errors alike.
func TestFieldDecodeMatchesGohcl(t *testing.T) {
	p := loadSrc(t, `
variable "n" { default = 3 }
pipe "up" {
  use     = "exec"
  command = ["true"]
}
pipe "all" {
  use           = "exec"
  command       = ["echo", pipe.up.output.stdout, "${var.n}"]
  env           = { A = "1", B = pipe.up.output.stdout }
  ok_exit_codes = [0, var.n]
  stdin         = upper(pipe.up.output.stdout)
}
pipe "val" {
  use   = "value"
  value = { got = pipe.up.output, n = var.n }
}
pipe "bad" {
  use     = "exec"
  command = pipe.up.output
}
`, testOptions())
	states := fakeStates{"up": succeeded(cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal("x")}))}
	for _, id := range []string{"all", "val", "bad"} {
		pp := p.byID[id]
		if pp.fields == nil || !pp.fields.simple {
			t.Fatalf("%s: no simple fields", id)
		}
		ctx, diags := p.evalContext(pp, pp.argRefs, states.get, nil, nil)
		mustNoErrors(t, diags)
		got, gotDiags := pp.fields.decode(pp.Type, pp.argsContent, ctx)
		want := pp.Type.NewArgs()
		wantDiags := gohcl.DecodeBody(pp.argsBody, ctx, want)
		if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b cty.Value) bool { return a.RawEquals(b) })); diff != "" {
			t.Errorf("%s: args (-gohcl +fields):\n%s", id, diff)
		}
		if g, w := gotDiags.Error(), wantDiags.Error(); g != w {
			t.Errorf("%s: diagnostics %q, gohcl's %q", id, g, w)
		}
		if (id == "bad") != gotDiags.HasErrors() {
			t.Errorf("%s: errors %v", id, gotDiags)
		}
	}
}
