package pipes

import (
	"context"

	"github.com/zclconf/go-cty/cty"
)

// ValueArgs are the arguments of the value pipe type.
type ValueArgs struct {
	Value cty.Value `hcl:"value" doc:"any expression; its value is the pipe's output (null included)"`
}

// checkValue validates value arguments; see Type.Check.
func checkValue(a *ValueArgs) error {
	switch {
	case a.Value == cty.NilVal:
		return argErrorf("value", "is not set")
	case !a.Value.IsWhollyKnown():
		return argErrorf("value", "is not known yet")
	}
	return nil
}

// runValue returns its argument: an expression step, like the seed system's
// ExpressionPipe. Marks (such as sensitive) are kept.
func runValue(_ context.Context, a *ValueArgs, _ Runtime) (cty.Value, error) {
	if err := checkValue(a); err != nil {
		return cty.NilVal, Permanent(err)
	}
	return a.Value, nil
}
