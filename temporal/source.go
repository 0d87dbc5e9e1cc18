package temporal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun"
	dhcl "github.com/dagrun/dagrun/hcl"
)

// Source is a loaded pipeline packed for a run on workers that have none of
// its files: its source text, the values of its variables, and what env()
// and file() return on the starter's host.
type Source struct {
	p    *dagrun.Pipeline
	base Input // without the settings of a run (see input)
}

// Pipeline is the pipeline the source was made from.
func (s *Source) Pipeline() *dagrun.Pipeline { return s.p }

// NewSource packs p, an HCL pipeline loaded with dagrun.Load from path.
//
// env() and file() are answered for every call whose argument is a literal or
// reads only variables (the starter resolves them now, on its host); calls
// whose argument reads locals or pipes see an unset variable or a missing
// file on the workers.
func NewSource(path string, p *dagrun.Pipeline) (*Source, error) {
	cfg := p.Config()
	if cfg == nil {
		return nil, errors.New("temporal: a Source packs a pipeline loaded from HCL; a pipeline built in Go runs on workers that register it (WorkerOptions.Pipelines), with an Engine without a Source")
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var paths []string
	in := Input{Dir: cfg.Dir, Env: map[string]string{}, ReadFiles: map[string]string{}}
	if info.IsDir() {
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".hcl") {
				paths = append(paths, filepath.Join(path, e.Name()))
			}
		}
		sort.Strings(paths)
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, err
		}
		in.Name = filepath.Base(abs)
	} else {
		paths = []string{path}
		in.Name = strings.TrimSuffix(filepath.Base(path), ".hcl")
	}
	loaded := cfg.Files()
	for _, name := range paths {
		var src []byte
		if f, ok := loaded[name]; ok {
			src = f.Bytes
		} else if src, err = os.ReadFile(name); err != nil {
			return nil, err
		}
		in.Files = append(in.Files, dhcl.SourceFile{Name: name, Src: src})
	}
	for _, name := range cfg.SubPipelineFiles() { // read through LoadOptions.ReadFile on the workers
		if f, ok := loaded[name]; ok {
			in.ReadFiles[name] = string(f.Bytes)
		}
	}

	vars := hclwrite.NewEmptyFile()
	varVals := map[string]cty.Value{}
	for _, v := range cfg.Variables {
		varVals[v.Name] = v.Value
		if v.Source != dhcl.SourceDefault && v.Value.IsWhollyKnown() {
			vars.Body().SetAttributeValue(v.Name, v.Value)
		}
	}
	if b := vars.Bytes(); len(b) > 0 {
		in.Vars = string(b)
	}

	ectx := &hcl2.EvalContext{Variables: map[string]cty.Value{"var": cty.ObjectVal(varVals)}}
	for _, f := range in.Files {
		file, diags := hclsyntax.ParseConfig(f.Src, f.Name, hcl2.InitialPos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("%s: %s", f.Name, diags.Error())
		}
		hclsyntax.VisitAll(file.Body.(*hclsyntax.Body), func(n hclsyntax.Node) hcl2.Diagnostics {
			call, ok := n.(*hclsyntax.FunctionCallExpr)
			if !ok || len(call.Args) != 1 || (call.Name != "env" && call.Name != "file") {
				return nil
			}
			arg, diags := call.Args[0].Value(ectx)
			if diags.HasErrors() || !arg.IsWhollyKnown() || arg.IsNull() || arg.Type() != cty.String {
				return nil
			}
			name := arg.AsString()
			switch call.Name {
			case "env":
				if v, ok := os.LookupEnv(name); ok {
					in.Env[name] = v
				}
			case "file":
				if !filepath.IsAbs(name) {
					name = filepath.Join(cfg.Dir, name)
				}
				if b, err := os.ReadFile(name); err == nil {
					in.ReadFiles[name] = string(b)
				}
			}
			return nil
		})
	}
	return &Source{p: p, base: in}, nil
}
