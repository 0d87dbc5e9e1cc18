package bind

import (
	"fmt"
	"path/filepath"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"

	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/internal/uptodate"
)

// SourceWarnings are the warnings of the `sources` of cfg's pipes that
// match no file now, one per pipe, at its `sources` expression: a typo in
// a glob would otherwise leave the pipe up to date forever.
func SourceWarnings(cfg *dhcl.Pipeline) hcl2.Diagnostics {
	var diags hcl2.Diagnostics
	for _, cp := range cfg.Pipes {
		if len(cp.Sources) == 0 {
			continue
		}
		_, empty, err := uptodate.Expand(cfg.DirOf(cp.ID), cp.Sources)
		if err != nil || len(empty) == 0 {
			continue
		}
		quoted := make([]string, len(empty))
		for k, e := range empty {
			quoted[k] = fmt.Sprintf("%q", e)
		}
		r := cp.SourcesRange
		diags = append(diags, &hcl2.Diagnostic{
			Severity: hcl2.DiagWarning,
			Summary:  "Sources matching nothing",
			Detail: fmt.Sprintf("Pipe %q: no file matches %s (relative to %s), so its up-to-date check reads nothing for it. Check the glob (a file an upstream pipe makes is read when the pipe runs).",
				cp.ID, strings.Join(quoted, ", "), absDir(cfg.DirOf(cp.ID))),
			Subject: &r,
		})
	}
	return diags
}

// absDir is dir made absolute, when it can be.
func absDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}
