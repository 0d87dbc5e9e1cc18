package main

import (
	"bytes"
	"fmt"
	"io"

	hcl2 "github.com/hashicorp/hcl/v2"

	dhcl "github.com/dagrun/dagrun/hcl"
)

// writeDiagnostics renders diags with their source excerpts, like HCL's text
// writer, but with each location as FILE:LINE:COLUMN (file, line,
// column), which editors and terminals can open; HCL itself writes
// "on FILE line N" without the column.
func writeDiagnostics(w io.Writer, files map[string]*hcl2.File, diags hcl2.Diagnostics) error {
	for _, d := range diags {
		var buf bytes.Buffer
		if err := dhcl.WriteDiagnostics(&buf, files, hcl2.Diagnostics{d}, false, 0); err != nil {
			return err
		}
		out := buf.Bytes()
		if s := d.Subject; s != nil {
			at := fmt.Sprintf("  on %s line %d", s.Filename, s.Start.Line)
			out = bytes.Replace(out, []byte(at), fmt.Appendf(nil, "  on %s:%d:%d", s.Filename, s.Start.Line, s.Start.Column), 1)
		}
		if _, err := w.Write(out); err != nil {
			return err
		}
	}
	return nil
}
