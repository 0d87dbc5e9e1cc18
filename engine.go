package dagrun

import (
	"fmt"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/tracing"
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

// observers returns what a run's events go to, given opts: the run's spans
// (tr, when tracing), opts.Observer, and one slog record per event on
// opts.Logger with sensitive values redacted. The spans come first, so the
// others may read the span of an event (trace ids in logs, exemplars).
func (p *Pipeline) observers(opts RunOptions, tr *tracing.Run) executor.Observers {
	var obs executor.Observers
	if tr != nil {
		obs = append(obs, tr)
	}
	if opts.Observer != nil {
		if tr != nil {
			obs = append(obs, withExemplars(opts.Observer, tr))
		} else {
			obs = append(obs, opts.Observer)
		}
	}
	if opts.Logger != nil {
		obs = append(obs, logObserver{log: opts.Logger, redact: p.redact, spans: tr})
	}
	return obs
}

// exemplarSink is an observer that can attach the trace of its observations
// (metrics.Collector).
type exemplarSink interface {
	WithExemplars(traceOf func(node string) string) executor.Observer
}

// spanSink is an observer that can name the span of each event (a JSON
// event stream).
type spanSink interface {
	WithSpans(spanOf func(node string) (traceID, spanID string)) executor.Observer
}

// withExemplars returns o with the observers in it that take exemplars
// (metrics.Collector) or span ids given those of tr.
func withExemplars(o executor.Observer, tr *tracing.Run) executor.Observer {
	var id string // every span of a run is in the run's trace
	if sc := tr.SpanContext(); sc.IsValid() {
		id = sc.TraceID().String()
	}
	traceOf := func(string) string { return id }
	switch o := o.(type) {
	case exemplarSink:
		return o.WithExemplars(traceOf)
	case spanSink:
		return o.WithSpans(func(node string) (string, string) {
			sc := tr.SpanContextOf(node)
			if !sc.IsValid() {
				return "", ""
			}
			return sc.TraceID().String(), sc.SpanID().String()
		})
	case executor.Observers:
		out := make(executor.Observers, len(o))
		for k := range o {
			out[k] = withExemplars(o[k], tr)
		}
		return out
	}
	return o
}
