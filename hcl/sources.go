package hcl

import (
	hcl2 "github.com/hashicorp/hcl/v2"
)

// SourceFile is one pipeline file given as bytes.
type SourceFile struct {
	Name string // the file name diagnostics show (the path it was loaded from)
	Src  []byte
}

// LoadFiles is Load for pipeline files given as bytes, without touching the
// file system except through opts (ReadFile for file() and --var-file): what
// another host needs to load a pipeline that was read elsewhere (the Temporal
// backend evaluates pipes on workers that have no copy of the files). dir is
// the pipeline's directory (file() and relative paths resolve against it) and
// name its name before any `pipeline` block renames it, as Load would have
// found them; files are in the order Load read them.
func LoadFiles(dir, name string, files []SourceFile, opts LoadOptions) (*Pipeline, hcl2.Diagnostics) {
	l := newLoader(opts)
	l.p.Dir = dir
	l.p.Name = name
	l.rootPath = absPath(dir)
	if len(files) == 1 {
		l.rootPath = absPath(files[0].Name)
	}
	var bodies []hcl2.Body
	for _, f := range files {
		if body := l.parse(f.Name, f.Src); body != nil {
			bodies = append(bodies, body)
		}
	}
	if !l.diags.HasErrors() {
		l.load(bodies)
	}
	l.finish()
	return l.p, l.diags
}
