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
	globs := make([][]fileGlobs, len(cfg.Pipes))
	var made []string // every pipe's generates, as paths from the same root
	for k, cp := range cfg.Pipes {
		globs[k] = instanceGlobs(cfg, cp)
		for _, g := range globs[k] {
			for _, pat := range g.generates {
				made = append(made, globPath(cfg.DirOf(cp.ID), pat))
			}
		}
	}
	for k, cp := range cfg.Pipes {
		var empty []string
		for _, g := range globs[k] {
			_, none, err := uptodate.Expand(cfg.DirOf(cp.ID), g.sources)
			if err != nil {
				continue
			}
			for _, pat := range none {
				// A pattern that matches what a pipe generates is made by
				// the run (a link's objects before the first build).
				full := globPath(cfg.DirOf(cp.ID), pat)
				generated := slices.ContainsFunc(made, func(g string) bool {
					ok, _ := doublestar.Match(full, g)
					return g == full || ok
				})
				if !generated && !slices.Contains(empty, pat) {
					empty = append(empty, pat)
				}
			}
		}
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

// fileGlobs are the sources and generates of one pipe or instance.
type fileGlobs struct{ sources, generates []string }

// instanceGlobs are the globs of cp: its own, or, when they read each, those
// of every instance of a collection known at load (none for one known only
// at run time).
func instanceGlobs(cfg *dhcl.Pipeline, cp *dhcl.Pipe) []fileGlobs {
	if !cp.EachFiles {
		return []fileGlobs{{cp.Sources, cp.Generates}}
	}
	root := cp.ID
	if cp.ForEach == nil {
		root = cp.FanOut
	}
	fe, ok := cfg.Pipe(root)
	if !ok || fe.ForEach == nil || fe.ForEach.Dynamic {
		return nil
	}
	elems, diags := cfg.EvalForEach(root, nil)
	if diags.HasErrors() {
		return nil
	}
	out := make([]fileGlobs, 0, len(elems))
	for k := range elems {
		s, g, diags := cfg.FileGlobs(cp.ID, &elems[k])
		if !diags.HasErrors() {
			out = append(out, fileGlobs{s, g})
		}
	}
	return out
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
