package hcl

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const validatedSrc = `variable "n" {
  type = number
  default = 1
  validation {
    condition     = var.n > 0
    error_message = "n must be positive, not ${var.n}."
  }
}
variable "secret" {
  type      = string
  default   = "long-enough"
  sensitive = true
  validation {
    condition     = length(var.secret) >= 8
    error_message = "secret ${var.secret} is too short."
  }
}
output "n" { value = var.n }
`

// A value that breaks a validation rule is refused with the rule's message,
// wherever it comes from, at the value; a sensitive value is not shown.
func TestVariableValidation(t *testing.T) {
	dir := t.TempDir()
	varFile := filepath.Join(dir, "v.hcl")
	if err := os.WriteFile(varFile, []byte("n = -3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	noEnv := func(string) (string, bool) { return "", false }
	for _, tc := range []struct {
		name    string
		opts    LoadOptions
		message string
		file    string
	}{
		{"var", LoadOptions{Vars: map[string]string{"n": "0"}, LookupEnv: noEnv}, "n must be positive, not 0.", "<value for var.n>"},
		{"var-file", LoadOptions{VarFiles: []string{varFile}, LookupEnv: noEnv}, "n must be positive, not -3.", varFile},
		{"env", LoadOptions{LookupEnv: func(k string) (string, bool) { return "-1", k == "DAGRUN_VAR_n" }}, "n must be positive, not -1.", "<value of DAGRUN_VAR_n>"},
		{"api", LoadOptions{APIVars: map[string]json.RawMessage{"n": json.RawMessage("-2")}, LookupEnv: noEnv}, "n must be positive, not -2.", "<run parameter n>"},
		{"sensitive", LoadOptions{Vars: map[string]string{"secret": "abc"}, LookupEnv: noEnv}, "secret (sensitive) is too short.", "<value for var.secret>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := LoadSource(filepath.Join(dir, "p.hcl"), []byte(validatedSrc), tc.opts)
			if !diags.HasErrors() {
				t.Fatal("no error")
			}
			d := diags[0]
			if d.Summary != "Invalid value for variable" || !strings.HasPrefix(d.Detail, tc.message) || !strings.Contains(d.Detail, "p.hcl:") {
				t.Errorf("diagnostic %q: %q; want the message %q and the rule's place", d.Summary, d.Detail, tc.message)
			}
			if d.Subject == nil || d.Subject.Filename != tc.file {
				t.Errorf("subject %v; want in %s", d.Subject, tc.file)
			}
			if strings.Contains(diags.Error(), "abc") {
				t.Errorf("the sensitive value is shown: %v", diags)
			}
		})
	}

	// Valid values pass, from the API typed by the declaration.
	p, diags := LoadSource(filepath.Join(dir, "p.hcl"), []byte(validatedSrc), LoadOptions{LookupEnv: noEnv,
		APIVars: map[string]json.RawMessage{"n": json.RawMessage(`"7"`)}})
	mustNoErrors(t, diags)
	if v := p.Variables[0]; v.Source != SourceAPI || v.Value.AsBigFloat().String() != "7" {
		t.Errorf("n = %#v from %s; want 7 from api", v.Value, v.Source)
	}

	// Undeclared run parameters, and rules reading other things, are errors.
	_, diags = LoadSource(filepath.Join(dir, "p.hcl"), []byte(validatedSrc), LoadOptions{LookupEnv: noEnv,
		APIVars: map[string]json.RawMessage{"m": json.RawMessage(`1`)}})
	if !diags.HasErrors() || !strings.Contains(diags.Error(), `declares no such variable. Did you mean "n"?`) {
		t.Errorf("undeclared: %v", diags)
	}
	_, diags = LoadSource(filepath.Join(dir, "p.hcl"), []byte(`variable "a" {
  default = 1
  validation {
    condition     = var.a > local.x
    error_message = "no"
  }
}
`), LoadOptions{LookupEnv: noEnv})
	if !diags.HasErrors() || diags[0].Subject == nil || diags[0].Subject.Start.Line != 4 || !strings.Contains(diags[0].Detail, "may only use var.a") {
		t.Errorf("rule reading a local: %v", diags)
	}
}
