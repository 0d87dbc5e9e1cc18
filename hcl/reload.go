package hcl

import (
	"encoding/json"

	hcl2 "github.com/hashicorp/hcl/v2"
)

// reload is how a pipeline was loaded, to load it again with other values
// (WithAPIVars).
type reload struct {
	path     string // Load's path; "" for LoadSource
	filename string // LoadSource's
	src      []byte
	opts     LoadOptions
}

// WithAPIVars loads the pipeline again with vars as run parameters
// (LoadOptions.APIVars; the other options are those of the first load). The
// files are those read then: their bytes are kept, so a file edited since
// does not change what runs. The diagnostics say why the values are refused
// (an undeclared name, a value of the wrong type, a validation rule).
func (p *Pipeline) WithAPIVars(vars map[string]json.RawMessage) (*Pipeline, hcl2.Diagnostics) {
	r := p.reload
	if r == nil {
		return p, hcl2.Diagnostics{{Severity: hcl2.DiagError, Summary: "Cannot load the pipeline again", Detail: "The pipeline was not loaded from files."}}
	}
	opts := r.opts
	opts.APIVars = vars
	kept := map[string][]byte{}
	p.files.mu.Lock()
	for name, f := range p.files.byName {
		kept[name] = f.Bytes
	}
	p.files.mu.Unlock()
	read := opts.ReadFile
	if read == nil {
		read = readFileLimited
	}
	opts.ReadFile = func(name string) ([]byte, error) {
		if b, ok := kept[name]; ok {
			return b, nil
		}
		return read(name)
	}
	var np *Pipeline
	var diags hcl2.Diagnostics
	if r.path != "" {
		np, diags = Load(r.path, opts)
	} else {
		np, diags = LoadSource(r.filename, r.src, opts)
	}
	np.reload = r // with the first load's options
	return np, diags
}
