package dagrun

import (
	"fmt"

	"github.com/dagrun/dagrun/executor"
)

// What another engine that runs a pipeline's graph (the Temporal backend in
// package temporal) needs to look exactly like Run to its callers: the same
// result, the same metrics series, the same log records.

// ResultOf is the result Run would return for rep, a report of a run of p made
// by another engine: the outputs are evaluated, and a run that hit the pipeline's timeout says so in Err.
// rep.Results must be in the graph's stable topological order, each fan-out
// followed by its instances, as executor.Run orders them.
func (p *Pipeline) ResultOf(rep *executor.Report) *Result {
	res := &Result{Pipeline: p.name, Status: rep.Status, Started: rep.Started, Duration: rep.Duration, Pipes: rep.Results, report: rep}
	if rep.TimedOut {
		res.Err = fmt.Errorf("%w (%s)", ErrRunTimeout, p.timeout)
	}
	if p.config != nil {
		res.Outputs = p.evalOutputs(rep)
	}
	return res
}

// Observers returns what Run sends a run's events to, given opts: the metrics
// collector of p on opts.Registerer (made and registered the first time, with
// the series of p's pipes at zero), opts.Observer, and one slog record per event
// on opts.Logger with sensitive values redacted.
func (p *Pipeline) Observers(opts RunOptions) (executor.Observers, error) {
	var obs executor.Observers
	if opts.Registerer != nil {
		col, err := p.collector(opts.Registerer, opts.Version)
		if err != nil {
			return nil, err
		}
		obs = append(obs, col)
	}
	if opts.Observer != nil {
		obs = append(obs, opts.Observer)
	}
	if opts.Logger != nil {
		obs = append(obs, logObserver{log: opts.Logger, redact: p.redact})
	}
	return obs, nil
}
