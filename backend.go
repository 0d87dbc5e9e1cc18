package dagrun

import (
	"fmt"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
)

// What another engine that runs a pipeline's graph (the Temporal backend in
// package temporal) needs to look exactly like Run to its callers: the same
// result, the same metrics series, the same log records.

// ResultOf is the result Run would return for rep, a report of a run of p made
// by another engine: composites read as the sum of their steps, the outputs
// are evaluated, and a run that hit the pipeline's timeout says so in Err.
// rep.Results must be in the graph's stable topological order, each fan-out
// followed by its instances, as executor.Run orders them.
func (p *Pipeline) ResultOf(rep *executor.Report) *Result {
	p.aggregateComposites(rep)
	res := &Result{Pipeline: p.name, Status: rep.Status, Started: rep.Started, Duration: rep.Duration, Pipes: rep.Results, report: rep}
	if rep.TimedOut {
		res.Err = fmt.Errorf("%w (%s)", ErrRunTimeout, p.timeout)
	}
	if p.config != nil {
		res.Outputs = p.evalOutputs(rep)
	}
	return res
}

// MetricsCollector returns the metrics collector of p on reg (SPEC §5), made
// and registered the first time, with the series of p's pipes at zero: what
// Run feeds when RunOptions.Registerer is set.
func (p *Pipeline) MetricsCollector(reg prometheus.Registerer, version string) (*metrics.Collector, error) {
	return p.collector(reg, version)
}

// LogObserver returns the observer that writes one record per event to l, as
// RunOptions.Logger does, with sensitive values redacted.
func (p *Pipeline) LogObserver(l *slog.Logger) Observer {
	return logObserver{log: l, redact: p.redact}
}
