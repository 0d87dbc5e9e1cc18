package bind

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	hcl2 "github.com/hashicorp/hcl/v2"

	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/internal/uptodate"
)

// SourceWarnings are the warnings of the `sources` of cfg's pipes that
// match no file now, one per pipe, at its `sources` expression: a typo in
// a glob would otherwise leave the pipe up to date forever. A pattern that
// matches a `generates` pattern of a pipe is left out: the run makes it.
func SourceWarnings(cfg *dhcl.Pipeline) hcl2.Diagnostics {
	var diags hcl2.Diagnostics
	var made []string // every pipe's generates, as paths from the same root
	for _, cp := range cfg.Pipes {
		for _, g := range cp.Generates {
			made = append(made, globPath(cfg.DirOf(cp.ID), g))
		}
	}
	for _, cp := range cfg.Pipes {
		if len(cp.Sources) == 0 {
			continue
		}
		_, empty, err := uptodate.Expand(cfg.DirOf(cp.ID), cp.Sources)
		if err != nil {
			continue
		}
		// A pattern that matches what a pipe generates is made by the run
		// (a link's objects before the first build): no warning.
		empty = slices.DeleteFunc(empty, func(pat string) bool {
			full := globPath(cfg.DirOf(cp.ID), pat)
			return slices.ContainsFunc(made, func(g string) bool {
				ok, _ := doublestar.Match(full, g)
				return g == full || ok
			})
		})
		if len(empty) == 0 {
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
			Detail: fmt.Sprintf("Pipe %q: no file matches %s (relative to %s), and no pipe generates one, so its up-to-date check reads nothing for it. Check the glob.",
				cp.ID, strings.Join(quoted, ", "), absDir(cfg.DirOf(cp.ID))),
			Subject: &r,
		})
	}
	return diags
}

// globPath is pattern as a slash path from the root, relative to dir unless
// absolute.
func globPath(dir, pattern string) string {
	if !filepath.IsAbs(pattern) {
		pattern = filepath.Join(absDir(dir), pattern)
	}
	return filepath.ToSlash(filepath.Clean(pattern))
}

// absDir is dir made absolute, when it can be.
func absDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}
