package hcl

import (
	"fmt"
	"io"

	"github.com/agext/levenshtein"
	hcl2 "github.com/hashicorp/hcl/v2"
)

// WriteDiagnostics renders diags as text, with the source excerpt of each
// subject taken from files (Pipeline.Files). width wraps the text (0: no
// wrapping); color uses terminal escape sequences.
func WriteDiagnostics(w io.Writer, files map[string]*hcl2.File, diags hcl2.Diagnostics, color bool, width uint) error {
	return hcl2.NewDiagnosticTextWriter(w, files, width, color).WriteDiagnostics(diags)
}

// DiagnosticsError returns the error diagnostics of diags as an error (of type
// hcl2.Diagnostics), or nil when there are none: warnings alone are not an
// error.
func DiagnosticsError(diags hcl2.Diagnostics) error {
	var errs hcl2.Diagnostics
	for _, d := range diags {
		if d.Severity == hcl2.DiagError {
			errs = append(errs, d)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func errorDiag(summary, detail string, subject hcl2.Range) *hcl2.Diagnostic {
	return &hcl2.Diagnostic{Severity: hcl2.DiagError, Summary: summary, Detail: detail, Subject: subject.Ptr()}
}

func warningDiag(summary, detail string, subject hcl2.Range) *hcl2.Diagnostic {
	return &hcl2.Diagnostic{Severity: hcl2.DiagWarning, Summary: summary, Detail: detail, Subject: subject.Ptr()}
}

// didYouMean returns ` Did you mean "x"?` for the candidate closest to given, or
// "" when none is close (the same threshold as HCL's own suggestions).
func didYouMean(given string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := levenshtein.Distance(given, c, nil); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

// rangeString formats a range as file:line for messages that mention another
// place.
func rangeString(r hcl2.Range) string {
	return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line)
}
