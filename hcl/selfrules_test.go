package hcl

import (
	"testing"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

func TestEvalSelfRule(t *testing.T) {
	p := loadSrc(t, `
variable "retry_code" {
  default = 75
}
pipe "limit" {
  use   = "value"
  value = 3
}
pipe "check" {
  use     = "exec"
  command = ["./check"]
  skip_if = trimspace(self.output.stdout) == "nothing to do"
}
pipe "flaky" {
  use      = "exec"
  command  = ["./flaky"]
  retry_if = self.exit_code == var.retry_code && self.attempt < pipe.limit.output
}
pipe "by_error" {
  use      = "http"
  url      = "http://127.0.0.1:9/"
  retry_if = self.error != null && self.exit_code == null
}
pipe "plain" {
  use     = "exec"
  command = ["./plain"]
}
pipe "nullable" {
  use     = "exec"
  command = ["./n"]
  skip_if = self.output
}
`, testOptions())
	code := func(n int) *int { return &n }
	stdout := func(s string) cty.Value {
		return cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal(s)})
	}
	states := fakeStates{"limit": succeeded(cty.NumberIntVal(3))}
	if got := p.byID["flaky"].Deps; len(got) != 1 || got[0] != "limit" {
		t.Errorf("flaky depends on %v, want [limit]: what retry_if reads is a dependency", got)
	}
	for _, tc := range []struct {
		name    string
		id      string
		rule    SelfRule
		self    SelfState
		want    bool
		wantErr string
	}{
		{"skip", "check", SkipIf, SelfState{Output: stdout("nothing to do\n")}, true, ""},
		{"no skip", "check", SkipIf, SelfState{Output: stdout("3 files\n")}, false, ""},
		{"retry 75", "flaky", RetryIf, SelfState{ExitCode: code(75), Attempt: 1, Error: "exit status 75"}, true, ""},
		{"not 1", "flaky", RetryIf, SelfState{ExitCode: code(1), Attempt: 1, Error: "exit status 1"}, false, ""},
		{"attempts read", "flaky", RetryIf, SelfState{ExitCode: code(75), Attempt: 3, Error: "exit status 75"}, false, ""},
		{"error without code", "by_error", RetryIf, SelfState{Error: "connection refused", Attempt: 1}, true, ""},
		{"no rule", "plain", SkipIf, SelfState{}, false, ""},
		{"no retry_if", "check", RetryIf, SelfState{Error: "x"}, false, ""},
		{"null", "nullable", SkipIf, SelfState{}, false, "Invalid skip_if"},
		{"not a bool", "nullable", SkipIf, SelfState{Output: cty.StringVal("maybe")}, false, "Invalid skip_if"},
		{"missing attribute", "check", SkipIf, SelfState{Output: cty.EmptyObjectVal}, false, "Unsupported attribute"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := p.EvalSelfRule(RunContext{}, tc.id, tc.rule, nil, states.get, tc.self)
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
