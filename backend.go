package dagrun

import (
	"fmt"

	"github.com/dagrun/dagrun/executor"
)

// What another engine that runs a pipeline's graph (the Temporal backend in
// package temporal) needs to look exactly like Run to its callers: the same
// result and the same log records. The metrics are an observer the caller
// attaches (metrics.ForPipeline), the same for every engine.

// ResultOf is the result Run would return for rep, a report of a run of p made
// by another engine: the outputs are evaluated (with their diagnostics), and a
// run that hit the pipeline's timeout says so in Err.
// rep.Results must be in the graph's stable topological order, each fan-out
// followed by its instances, as executor.Run orders them.
func (p *Pipeline) ResultOf(rep *executor.Report) *Result {
	res := &Result{Pipeline: p.name, Status: rep.Status, Started: rep.Started, Duration: rep.Duration, Pipes: rep.Results, report: rep}
	if rep.TimedOut {
		res.Err = fmt.Errorf("%w (%s)", ErrRunTimeout, p.timeout)
	}
	if p.config != nil {
		res.Outputs, res.OutputDiagnostics = p.evalOutputs(rep)
	}
	return res
}

// Observers returns what Run sends a run's events to, given opts:
// opts.Observer, and one slog record per event on opts.Logger with sensitive
// values redacted.
func (p *Pipeline) Observers(opts RunOptions) executor.Observers {
	var obs executor.Observers
	if opts.Observer != nil {
		obs = append(obs, opts.Observer)
	}
	if opts.Logger != nil {
		obs = append(obs, logObserver{log: opts.Logger, redact: p.redact})
	}
	return obs
}
