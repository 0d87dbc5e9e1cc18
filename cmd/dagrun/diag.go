package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	hcl2 "github.com/hashicorp/hcl/v2"

	dhcl "github.com/dagrun/dagrun/hcl"
)

// Bounds of rendered diagnostics: a hostile file must not turn into megabytes
// on the terminal (a source line of a megabyte, thousands of errors).
const (
	maxDiagnosticsShown = 50
	maxDiagnosticLine   = 400 // bytes of one rendered line, escapes included
)

// writeDiagnostics renders diags with their source excerpts, like HCL's text
// writer, but with each location as FILE:LINE:COLUMN (file, line,
// column), which editors and terminals can open; HCL itself writes
// "on FILE line N" without the column. redact hides sensitive values (HCL
// shows the values an expression used, "with var.token as ..."); nil shows
// the text as it is. Control characters are escaped, long lines cut, and
// after maxDiagnosticsShown the rest are only counted.
func writeDiagnostics(w io.Writer, files map[string]*hcl2.File, diags hcl2.Diagnostics, redact func(string) string) error {
	for i, d := range diags {
		if i == maxDiagnosticsShown {
			_, err := fmt.Fprintf(w, "\n... and %d more diagnostic(s) not shown\n", len(diags)-i)
			return err
		}
		var buf bytes.Buffer
		if err := dhcl.WriteDiagnostics(&buf, files, hcl2.Diagnostics{d}, false, 0); err != nil {
			return err
		}
		out := buf.String()
		if s := d.Subject; s != nil {
			at := fmt.Sprintf("  on %s line %d", s.Filename, s.Start.Line)
			out = strings.Replace(out, at, fmt.Sprintf("  on %s:%d:%d", s.Filename, s.Start.Line, s.Start.Column), 1)
		}
		if redact != nil {
			out = redact(out)
		}
		if _, err := io.WriteString(w, boundLines(escapeText(out), maxDiagnosticLine)); err != nil {
			return err
		}
	}
	return nil
}

// boundLines cuts every line of s longer than most bytes (at a rune
// boundary), saying how much was left out.
func boundLines(s string, most int) string {
	if len(s) <= most {
		return s
	}
	var b strings.Builder
	for line := range strings.Lines(s) {
		body := strings.TrimSuffix(line, "\n")
		if len(body) <= most {
			b.WriteString(line)
			continue
		}
		cut := most
		for cut > 0 && !utf8.RuneStart(body[cut]) {
			cut--
		}
		fmt.Fprintf(&b, "%s … (%d more bytes)", body[:cut], len(body)-cut)
		if strings.HasSuffix(line, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
