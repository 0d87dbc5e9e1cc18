// Package gosample is a pipeline built in Go that the tests of package
// temporal run on Temporal: the integration tests run it on workers that
// register it and record its history, and the replay test replays that
// history with the workflow code of today. Its functions decide by their
// inputs and attempt numbers only, so every run takes the same steps.
package gosample

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dagrun/dagrun"
)

// Name is the pipeline's name, which workers register it under.
const Name = "go-sample"

type config struct {
	Factor int      `json:"factor"`
	Keys   []string `json:"keys"`
}

// Pipeline builds the pipeline: dependencies and an output read
// downstream, a pipe that succeeds at its second attempt, a ForEach over an
// upstream's output (one item retried) in a pool of one, a true and a false
// If, a permanent failure with an all_done dependent, and an exit handler.
func Pipeline() *dagrun.Pipeline {
	return dagrun.New(Name).Pool("one", 1).
		Add("config", func(context.Context, dagrun.Inputs) (any, error) {
			return config{Factor: 3, Keys: []string{"a", "b"}}, nil
		}).
		Add("flaky", func(_ context.Context, in dagrun.Inputs) (any, error) {
			if in.Attempt() < 2 {
				return nil, fmt.Errorf("attempt %d fails", in.Attempt())
			}
			return in.Attempt(), nil
		}, dagrun.Retries(1, 100*time.Millisecond)).
		ForEach("each", func(_ context.Context, in dagrun.Inputs) ([]dagrun.Item, error) {
			var c config
			if err := in.Decode("config", &c); err != nil {
				return nil, err
			}
			items := make([]dagrun.Item, len(c.Keys))
			for k, key := range c.Keys {
				items[k] = dagrun.Item{Key: key, Value: (k + 1) * c.Factor}
			}
			return items, nil
		}, func(_ context.Context, in dagrun.Inputs, item dagrun.Item) (any, error) {
			if item.Key == "b" && in.Attempt() == 1 {
				return nil, errors.New("b fails once")
			}
			return item.Value.(int) * 10, nil
		}, dagrun.DependsOn("config"), dagrun.Retries(1, 100*time.Millisecond), dagrun.InPool("one")).
		Add("sum", func(_ context.Context, in dagrun.Inputs) (any, error) {
			var parts []string
			for _, r := range in.Instances("each") {
				parts = append(parts, r.ID+"="+r.Output.AsBigFloat().String())
			}
			var flaky int
			if err := in.Decode("flaky", &flaky); err != nil {
				return nil, err
			}
			return fmt.Sprintf("%s; flaky at %d", strings.Join(parts, ","), flaky), nil
		}, dagrun.DependsOn("each", "flaky")).
		Add("when", func(context.Context, dagrun.Inputs) (any, error) { return "ran", nil },
			dagrun.DependsOn("config"), dagrun.If(func(_ context.Context, in dagrun.Inputs) (bool, error) {
				var c config
				err := in.Decode("config", &c)
				return c.Factor == 3, err
			})).
		Add("unless", func(context.Context, dagrun.Inputs) (any, error) { return "ran", nil },
			dagrun.DependsOn("config"), dagrun.If(func(_ context.Context, in dagrun.Inputs) (bool, error) {
				var c config
				err := in.Decode("config", &c)
				return c.Factor != 3, err
			})).
		Add("broken", func(context.Context, dagrun.Inputs) (any, error) {
			return nil, dagrun.Permanent(errors.New("broken for good"))
		}, dagrun.Retries(2, 100*time.Millisecond)).
		Add("after_broken", func(_ context.Context, in dagrun.Inputs) (any, error) {
			r, _ := in.Upstream("broken")
			return fmt.Sprintf("broken %s after %d attempt(s)", r.Status, r.Attempts), nil
		}, dagrun.DependsOn("broken"), dagrun.WithTrigger(dagrun.AllDone)).
		Add("exit", func(_ context.Context, in dagrun.Inputs) (any, error) {
			return fmt.Sprintf("run %s, failed %v", in.Run().Status, in.Run().Failed), nil
		}, dagrun.Handler(dagrun.HandlerExit))
}
