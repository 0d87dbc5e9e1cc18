package dagrun

import (
	"errors"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/internal/bind"
)

// Eval evaluates the HCL expression src against a pipeline loaded from HCL,
// without running anything: its variables, locals and functions, and, when
// results are given (those of a run, such as Result.Pipes or a recorded
// run's), pipe.<id> as the pipes of that run saw them. Without results,
// what reads a pipe is unknown (cty.DynamicVal), as in a plan. filename
// names src in diagnostics. Sensitive values are in the result as they
// are: render it with Redact.
func (p *Pipeline) Eval(filename, src string, results []PipeResult) (cty.Value, hcl2.Diagnostics) {
	if p.config == nil {
		return cty.DynamicVal, hcl2.Diagnostics{{Severity: hcl2.DiagError, Summary: "Not an HCL pipeline",
			Detail: errors.New("only a pipeline loaded from HCL has variables and locals").Error()}}
	}
	var states = bind.ReportStates(p.config, &executor.Report{Results: results})
	if results == nil {
		states = nil
	}
	return p.config.EvalText(filename, []byte(src), hcl2.InitialPos, states)
}
