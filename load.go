package dagrun

import (
	"context"
	"errors"
	"fmt"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/pipes"
)

// LoadOptions are the inputs of Load besides the path.
type LoadOptions = dhcl.LoadOptions

// DiagnosticsError is returned by Load when the pipeline has errors. It keeps the
// parsed files so the diagnostics can be rendered with source excerpts.
type DiagnosticsError struct {
	Diagnostics hcl2.Diagnostics
	Files       map[string]*hcl2.File
	// Redact hides sensitive variable values in rendered diagnostics (HCL
	// prints the values an expression used); never nil.
	Redact func(string) string
}

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
	for name, size := range cfg.Pools {
		p.pools[name] = size
	}
	for _, cp := range cfg.Pipes {
		if cp.FanOut != "" {
			continue // a step of a for_each composite runs in its instances
		}
		n, err := nodeFor(cfg, cp)
		if err != nil {
			return nil, err
		}
		p.index[n.ID] = len(p.nodes)
		p.nodes = append(p.nodes, n)
	}
	return p, nil
}

// nodeFor turns one HCL pipe into an executor node: its arguments and condition are
// evaluated when it becomes ready, from its upstreams' results. A for_each pipe
// is a fan-out node (see fanOut).
func nodeFor(cfg *dhcl.Pipeline, cp *dhcl.Pipe) (executor.Node, error) {
	n, err := nodeSettings(cp)
	if err != nil {
		return executor.Node{}, err
	}
	n.ID, n.Deps = cp.ID, cp.Deps
	if cp.Composite && cp.ForEach == nil {
		n.Steps = cp.Steps
	}
	id := cp.ID
	if cp.HasCondition && !cp.EachCondition {
		n.Condition = func(ctx context.Context, in executor.Input) (bool, error) {
			ok, diags := cfg.EvalCondition(id, statesOf(cfg, in))
			if diags.HasErrors() {
				return false, errors.New(cfg.Redact(dhcl.DiagnosticsError(diags).Error()))
			}
			return ok, nil
		}
	}
	if cp.ForEach != nil {
		n.Expand, err = fanOut(cfg, cp)
		return n, err
	}
	if cp.Type != nil {
		typ, dir := cp.Type, cfg.Dir
		n.Task = func(ctx context.Context, in executor.Input) (cty.Value, error) {
			args, diags := cfg.DecodeArgs(id, statesOf(cfg, in))
			if diags.HasErrors() {
				return cty.NilVal, pipes.Permanent(errors.New(cfg.Redact(dhcl.DiagnosticsError(diags).Error())))
			}
			return typ.Run(ctx, args, pipeRuntime(ctx, id, in.Attempt, dir))
		}
	}
	return n, nil
}

// nodeSettings are the trigger, retry policy, timeout and pool of a pipe.
func nodeSettings(cp *dhcl.Pipe) (executor.Node, error) {
	trig, err := executor.ParseTrigger(cp.Trigger)
	if cp.Trigger == "" {
		trig, err = executor.AllSuccess, nil
	}
	if err != nil {
		return executor.Node{}, fmt.Errorf("pipe %q: %w", cp.ID, err)
	}
	return executor.Node{
		Trigger: trig,
		Retry: executor.RetryPolicy{
			Retries:  cp.Retry.Retries,
			Delay:    cp.Retry.Delay,
			Backoff:  cp.Retry.Backoff,
			MaxDelay: cp.Retry.MaxDelay,
			Jitter:   cp.Retry.Jitter,
		},
		Timeout: cp.Timeout,
		Pool:    cp.Pool,
	}, nil
}

// statesOf adapts the executor's upstream results to what HCL evaluation reads.
func statesOf(cfg *dhcl.Pipeline, in executor.Input) dhcl.States {
	return newUpstreams(cfg).states(in, nil)
}

func stateOf(r *executor.Result) dhcl.PipeState {
	s := dhcl.PipeState{Status: r.Status.String(), Output: r.Output, Attempts: r.Attempts, Duration: r.Duration,
		Started: r.Started, Finished: r.Finished, Reason: r.Reason}
	if r.Err != nil {
		s.Error = r.Err.Error()
	}
	return s
}

// evalOutputs evaluates the outputs after a run, with the diagnostics of
// their evaluation (see Result.OutputDiagnostics).
func (p *Pipeline) evalOutputs(rep *executor.Report) ([]Output, hcl2.Diagnostics) {
	vals, diags := p.config.EvalOutputs(reportStates(p.config, rep))
	out := make([]Output, 0, len(vals))
	for _, v := range vals {
		out = append(out, Output{Name: v.Name, Value: v.Value, Sensitive: v.Sensitive})
	}
	return out, diags
}
