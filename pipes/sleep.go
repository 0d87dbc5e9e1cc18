package pipes

import (
	"context"
	"fmt"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// SleepArgs are the arguments of the sleep pipe type.
type SleepArgs struct {
	Duration string `hcl:"duration" doc:"how long to wait, as Go's time.ParseDuration reads it (\"90s\", \"1m30s\"); zero or more"`
}

// checkSleep validates sleep arguments; see Type.Check.
func checkSleep(a *SleepArgs) error {
	_, err := a.duration()
	return err
}

func (a *SleepArgs) duration() (time.Duration, error) {
	d, err := time.ParseDuration(a.Duration)
	if err != nil {
		return 0, argErrorf("duration", "%q is not a duration (like \"90s\" or \"1m30s\")", a.Duration)
	}
	if d < 0 {
		return 0, argErrorf("duration", "%q is negative", a.Duration)
	}
	return d, nil
}

// runSleep waits for the duration or until ctx is done, whichever comes first.
// Its output is {slept = "<duration>"}, the duration in Go's canonical form
// ("1m30s" for "90s").
func runSleep(ctx context.Context, a *SleepArgs, _ Runtime) (cty.Value, error) {
	d, err := a.duration()
	if err != nil {
		return cty.NilVal, Permanent(err)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return cty.NilVal, fmt.Errorf("sleep: %w", ctx.Err())
	case <-t.C:
	}
	return cty.ObjectVal(map[string]cty.Value{"slept": cty.StringVal(d.String())}), nil
}
