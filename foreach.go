package dagrun

import (
	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/internal/bind"
)

// The binding of HCL pipes to executor nodes (conditions, for_each
// expansion, argument decoding) is package internal/bind's, shared with the
// Temporal engine.

// reportStates is what outputs read after a run: the results of the report,
// with the instances of fan-outs.
func reportStates(cfg *dhcl.Pipeline, rep *executor.Report) dhcl.States {
	return bind.ReportStates(cfg, rep)
}
