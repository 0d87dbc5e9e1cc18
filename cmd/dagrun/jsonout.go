package main

import (
	"encoding/json"
	"io"

	hcl2 "github.com/hashicorp/hcl/v2"
)

// The versions of the JSON documents the command prints (docs/reference.md,
// "JSON output"). A version goes up when a field changes meaning or goes
// away; new fields do not change it.
const (
	jsonEventsVersion      = 1 // apply --output json: one event per line
	jsonDiagnosticsVersion = 1 // validate, and apply/plan with an invalid pipeline
	jsonPlanVersion        = 1 // plan --output json
	jsonRunsVersion        = 1 // runs list, show and prune --output json: each run
)

// jsonDiagnostics is what validate --output json prints, and apply and plan
// --output json when the pipeline is invalid: every diagnostic, in the shape
// of `terraform validate -json`.
type jsonDiagnostics struct {
	Version      int              `json:"version"`
	Type         string           `json:"type"` // "diagnostics": an apply stream's lines are told apart by type
	Valid        bool             `json:"valid"`
	ErrorCount   int              `json:"error_count"`
	WarningCount int              `json:"warning_count"`
	Diagnostics  []jsonDiagRecord `json:"diagnostics"`
}

// jsonDiagRecord is one diagnostic.
type jsonDiagRecord struct {
	Severity string         `json:"severity"` // error or warning
	Summary  string         `json:"summary"`
	Detail   string         `json:"detail,omitempty"`
	Range    *jsonDiagRange `json:"range,omitempty"`
}

// jsonDiagRange is where a diagnostic points: lines and columns from 1,
// byte offsets from 0, the end exclusive.
type jsonDiagRange struct {
	Filename string      `json:"filename"`
	Start    jsonDiagPos `json:"start"`
	End      jsonDiagPos `json:"end"`
}

type jsonDiagPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// newJSONDiagnostics converts diags, redacted.
func newJSONDiagnostics(diags hcl2.Diagnostics, redact func(string) string) jsonDiagnostics {
	if redact == nil {
		redact = func(s string) string { return s }
	}
	out := jsonDiagnostics{Version: jsonDiagnosticsVersion, Type: "diagnostics", Diagnostics: []jsonDiagRecord{}}
	for _, d := range diags {
		r := jsonDiagRecord{Severity: "warning", Summary: redact(d.Summary), Detail: redact(d.Detail)}
		if d.Severity == hcl2.DiagError {
			r.Severity = "error"
			out.ErrorCount++
		} else {
			out.WarningCount++
		}
		if s := d.Subject; s != nil {
			r.Range = &jsonDiagRange{
				Filename: s.Filename,
				Start:    jsonDiagPos{Line: s.Start.Line, Column: s.Start.Column, Byte: s.Start.Byte},
				End:      jsonDiagPos{Line: s.End.Line, Column: s.End.Column, Byte: s.End.Byte},
			}
		}
		out.Diagnostics = append(out.Diagnostics, r)
	}
	out.Valid = out.ErrorCount == 0
	return out
}

// errorDiagnostic is an error without a place in a file (a path that
// does not exist, a graph that cannot be built) as a diagnostic.
func errorDiagnostic(summary string, err error) hcl2.Diagnostics {
	return hcl2.Diagnostics{{Severity: hcl2.DiagError, Summary: summary, Detail: err.Error()}}
}

// writeJSONLine writes v as one line of JSON.
func writeJSONLine(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}
