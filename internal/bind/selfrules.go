package bind

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/zclconf/go-cty/cty"

	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/pipes"
)

// selfRules applies skip_if and retry_if of pipe cp to the end of its attempt
// (out, err): a success skip_if holds for is a self-skip (pipes.Skip), a
// failure retry_if does not hold for is final (pipes.Permanent). retry_if is
// asked only about a failure that could be retried: not a skip, not a
// permanent failure (retry_on_exit_codes already refused it), not a sensor's
// poll, not the run's cancellation. An error evaluating either is a
// permanent failure of the pipe, saying so.
func (b *binding) selfRules(ctx context.Context, cp *dhcl.Pipe, each *dhcl.Each, states dhcl.States, attempt int, out cty.Value, err error) (cty.Value, error) {
	switch {
	case err == nil && cp.HasSkipIf:
		skip, diags := b.cfg.EvalSelfRule(b.attempt(attempt), cp.ID, dhcl.SkipIf, each, states, selfState(out, nil, attempt))
		if diags.HasErrors() {
			return out, pipes.Permanent(fmt.Errorf("skip_if: %w", b.diagError(diags)))
		}
		if skip {
			return out, pipes.Skip("skip_if is true")
		}
	case err != nil && cp.HasRetryIf && ctx.Err() == nil && !pipes.IsSkip(err) && !pipes.IsPermanent(err):
		if _, poll := pipes.AsNotYet(err); poll {
			break
		}
		retry, diags := b.cfg.EvalSelfRule(b.attempt(attempt), cp.ID, dhcl.RetryIf, each, states, selfState(out, err, attempt))
		if diags.HasErrors() {
			return out, pipes.Permanent(fmt.Errorf("%w (retry_if: %w)", err, b.diagError(diags)))
		}
		if !retry {
			return out, pipes.Permanent(err)
		}
	}
	return out, err
}

// selfState is `self` for the end of an attempt: its exit code is the
// process's (a pipes.ExitError, else the output's exit_code).
func selfState(out cty.Value, err error, attempt int) dhcl.SelfState {
	s := dhcl.SelfState{Output: out, Attempt: attempt}
	if err != nil {
		s.Error = err.Error()
	}
	var ee *pipes.ExitError
	if errors.As(err, &ee) && ee.Code >= 0 {
		code := ee.Code
		s.ExitCode = &code
		return s
	}
	if out != cty.NilVal && out.IsKnown() && !out.IsNull() && out.Type().IsObjectType() && out.Type().HasAttribute("exit_code") {
		if v := out.GetAttr("exit_code"); v.IsKnown() && !v.IsNull() && v.Type() == cty.Number {
			if n, acc := v.AsBigFloat().Int64(); acc == big.Exact {
				code := int(n)
				s.ExitCode = &code
			}
		}
	}
	return s
}
