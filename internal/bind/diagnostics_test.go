package bind_test

import (
	"fmt"
	"strings"
	"testing"

	hcl2 "github.com/hashicorp/hcl/v2"

	"github.com/dagrun/dagrun/internal/bind"
)

func diag(sev hcl2.DiagnosticSeverity, line int, summary, detail string) *hcl2.Diagnostic {
	return &hcl2.Diagnostic{
		Severity: sev, Summary: summary, Detail: detail,
		Subject: &hcl2.Range{Filename: "p.hcl", Start: hcl2.Pos{Line: line, Column: 3}, End: hcl2.Pos{Line: line, Column: 9}},
	}
}

// TestDiagnosticsError: every error diagnostic is in the error, on one line,
// redacted, and bounded in count and length.
func TestDiagnosticsError(t *testing.T) {
	redact := func(s string) string { return strings.ReplaceAll(s, "hunter2", "(sensitive)") }
	var many hcl2.Diagnostics
	for i := 1; i <= 13; i++ {
		many = append(many, diag(hcl2.DiagError, i, fmt.Sprintf("Error %d", i), "detail"))
	}
	tests := []struct {
		name  string
		diags hcl2.Diagnostics
		want  string // "" for nil
	}{
		{"none", nil, ""},
		{"warnings only", hcl2.Diagnostics{diag(hcl2.DiagWarning, 1, "W", "w")}, ""},
		{"one", hcl2.Diagnostics{diag(hcl2.DiagError, 4, "Bad thing", "It is bad.")}, "p.hcl:4,3-9: Bad thing; It is bad."},
		{
			"two, and a warning left out",
			hcl2.Diagnostics{
				diag(hcl2.DiagError, 4, "First", "one hunter2."),
				diag(hcl2.DiagWarning, 5, "Warned", "w"),
				diag(hcl2.DiagError, 6, "Second", "two."),
			},
			"2 errors: (1) p.hcl:4,3-9: First; one (sensitive). (2) p.hcl:6,3-9: Second; two.",
		},
		{
			"bounded count",
			many,
			"13 errors: (1) p.hcl:1,3-9: Error 1; detail (2) p.hcl:2,3-9: Error 2; detail (3) p.hcl:3,3-9: Error 3; detail (4) p.hcl:4,3-9: Error 4; detail (5) p.hcl:5,3-9: Error 5; detail (6) p.hcl:6,3-9: Error 6; detail (7) p.hcl:7,3-9: Error 7; detail (8) p.hcl:8,3-9: Error 8; detail (9) p.hcl:9,3-9: Error 9; detail (10) p.hcl:10,3-9: Error 10; detail (and 3 more)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := bind.DiagnosticsError(tt.diags, redact)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %q; want nil", err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Errorf("err = %v\nwant %s", err, tt.want)
			}
		})
	}

	// A long detail is cut, after redaction: a secret across the cut is not
	// half-shown. The cut falls between characters.
	prefix := len("p.hcl:1,3-9: Long; ")
	straddling := strings.Repeat("a", 2048-prefix-3) + "hunter2" + strings.Repeat("b", 100)
	msg := bind.DiagnosticsError(hcl2.Diagnostics{diag(hcl2.DiagError, 1, "Long", straddling)}, redact).Error()
	if len(msg) > 2100 || !strings.HasSuffix(msg, "bytes more)") || strings.Contains(msg, "hun") || !strings.Contains(msg, "aaa(se... (") {
		t.Errorf("straddling: %d bytes, ends %q", len(msg), msg[max(0, len(msg)-40):])
	}
	msg = bind.DiagnosticsError(hcl2.Diagnostics{diag(hcl2.DiagError, 1, "Long", strings.Repeat("é", 3000))}, redact).Error()
	if !strings.HasSuffix(msg, "é... (3972 bytes more)") {
		t.Errorf("not cut between characters: ends %q", msg[max(0, len(msg)-40):])
	}
}
