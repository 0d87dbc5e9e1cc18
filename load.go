package dagrun

import (
	"context"
	"encoding/json"
	"fmt"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/internal/bind"
	"github.com/dagrun/dagrun/pipes"
)

// LoadOptions are the inputs of Load besides the path.
type LoadOptions = dhcl.LoadOptions

// DiagnosticsError is returned by Load when the pipeline has errors. It keeps the
// parsed files so the diagnostics can be rendered with source excerpts.
type DiagnosticsError struct {
	Diagnostics hcl2.Diagnostics      // every diagnostic, errors and warnings
	Files       map[string]*hcl2.File // the files by name, for source excerpts (hcl.WriteDiagnostics)
	// Redact hides sensitive variable values in rendered diagnostics (HCL
	// prints the values an expression used); never nil.
	Redact func(string) string
}

// Error is the diagnostics as text, one per line with file:line.
func (e *DiagnosticsError) Error() string { return dhcl.DiagnosticsError(e.Diagnostics).Error() }

// Load reads a pipeline from a .hcl file or a directory of them. opts.Types
// defaults to the built-in pipe types. Errors are a *DiagnosticsError.
func Load(path string, opts LoadOptions) (*Pipeline, error) {
	if opts.Types == nil {
		opts.Types = pipes.Builtins()
	}
	cfg, diags := dhcl.Load(path, opts)
	return fromConfig(cfg, diags)
}

// LoadSource reads a pipeline from HCL source; filename is used in diagnostics and
// to resolve relative paths.
func LoadSource(filename string, src []byte, opts LoadOptions) (*Pipeline, error) {
	if opts.Types == nil {
		opts.Types = pipes.Builtins()
	}
	cfg, diags := dhcl.LoadSource(filename, src, opts)
	return fromConfig(cfg, diags)
}

// SourceFile is a pipeline file held in memory: its name (the path
// diagnostics show) and its content.
type SourceFile = dhcl.SourceFile

// LoadFiles reads a pipeline from files held in memory, as Load would read
// them from directory dir (relative paths and file() resolve against it;
// name is the pipeline's name before a pipeline block renames it), reading
// the host only through opts: how a pipeline shipped to another host is
// loaded there.
func LoadFiles(dir, name string, files []SourceFile, opts LoadOptions) (*Pipeline, error) {
	if opts.Types == nil {
		opts.Types = pipes.Builtins()
	}
	cfg, diags := dhcl.LoadFiles(dir, name, files, opts)
	return fromConfig(cfg, diags)
}

func fromConfig(cfg *dhcl.Pipeline, diags hcl2.Diagnostics) (*Pipeline, error) {
	if diags.HasErrors() {
		de := &DiagnosticsError{Diagnostics: diags, Redact: func(s string) string { return s }}
		if cfg != nil {
			de.Files, de.Redact = cfg.Files(), cfg.Redact
		}
		return nil, de
	}
	p := New(cfg.Name)
	p.config = cfg
	p.warnings = diags
	p.parallelism = cfg.Parallelism
	p.failFast = cfg.FailFast
	p.timeout = cfg.Timeout
	p.deadline = cfg.Deadline
	for name, size := range cfg.Pools {
		p.pools[name] = size
	}
	nodes, err := bind.Nodes(cfg, loadRunner)
	if err != nil {
		return nil, err
	}
	for i := range nodes {
		p.index[nodes[i].ID] = i
	}
	p.nodes = nodes
	return p, nil
}

// loadRunner runs the attempts of the nodes made at load, which only a run's
// binding runs (see withRuntime): with no hooks.
func loadRunner(ctx context.Context, c bind.Call) (cty.Value, error) {
	return c.Type.Run(ctx, c.Args, pipeRuntime(runtimeHooks{}, c))
}

// bindRun returns nodes, p.nodes or a selection of them (executor.Select), bound
// to run: a pipeline loaded from HCL is bound for each run, so that its
// pipes' attempts run with the hooks of that run. Nodes built in Go are
// returned as they are.
func (p *Pipeline) bindRun(nodes []executor.Node, run bind.Runner, rc dhcl.RunContext, o bind.Options) ([]executor.Node, error) {
	if p.config == nil {
		return nodes, nil
	}
	all, err := bind.NodesWith(p.config, run, rc, o)
	if err != nil {
		return nil, err
	}
	if len(nodes) == len(all) {
		return all, nil // every node (none of a composite's steps left out)
	}
	out := make([]executor.Node, len(nodes))
	for k := range nodes {
		n := all[p.index[nodes[k].ID]]
		n.Steps = nodes[k].Steps // a composite keeps the steps selected
		out[k] = n
	}
	return out, nil
}

// evalOutputs evaluates the outputs after a run, with the diagnostics of
// their evaluation (see Result.OutputDiagnostics).
func (p *Pipeline) evalOutputs(rep *executor.Report, rc dhcl.RunContext) ([]Output, hcl2.Diagnostics) {
	vals, diags := p.config.EvalOutputsIn(rc, bind.ReportStates(p.config, rep))
	out := make([]Output, 0, len(vals))
	for _, v := range vals {
		out = append(out, Output{Name: v.Name, Value: v.Value, Sensitive: v.Sensitive})
	}
	return out, diags
}

// WithVars returns the pipeline loaded again with vars as run parameters
// (JSON values by variable name, typed by the variables' declarations; see
// LoadOptions.APIVars), from the files it was loaded from then. Values that
// are refused (an undeclared name, a wrong type, a broken validation rule)
// make a *DiagnosticsError. A pipeline built in Go has no variables: any
// value is an error.
func (p *Pipeline) WithVars(vars map[string]json.RawMessage) (*Pipeline, error) {
	if len(vars) == 0 {
		return p, nil
	}
	if p.config == nil {
		return nil, fmt.Errorf("pipeline %q declares no variables", p.name)
	}
	return fromConfig(p.config.WithAPIVars(vars))
}
