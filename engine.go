package dagrun

import (
	"fmt"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
)

// What makes every engine's run look the same to Run's callers: the same
// result from the core's report, and the same observers. The metrics are an
// observer the caller attaches (metrics.ForPipeline), the same for every
// engine.

// resultOf is the Result of rep, a report of a run of p (by any engine): the
// outputs are evaluated (with their diagnostics), and a run that hit the
// pipeline's timeout says so in Err. rep.Results must be in the graph's
// stable topological order, each fan-out followed by its instances, as the
// core orders them.
func (p *Pipeline) resultOf(rep *executor.Report, rc dhcl.RunContext) *Result {
	res := &Result{Pipeline: p.name, Status: rep.Status, Started: rep.Started, Duration: rep.Duration, Pipes: rep.Results, report: rep}
	if rep.TimedOut {
		res.Err = fmt.Errorf("%w (%s)", ErrRunTimeout, p.timeout)
	}
	if p.config != nil {
		res.Outputs, res.OutputDiagnostics = p.evalOutputs(rep, rc)
	}
	return res
}

// observers returns what a run's events go to, given opts: opts.Observer,
// and one slog record per event on opts.Logger with sensitive values
// redacted.
func (p *Pipeline) observers(opts RunOptions) executor.Observers {
	var obs executor.Observers
	if opts.Observer != nil {
		obs = append(obs, opts.Observer)
	}
	if opts.Logger != nil {
		obs = append(obs, logObserver{log: opts.Logger, redact: p.redact})
	}
	return obs
}
