package dagrun_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dagrun/dagrun"
)

// A retry policy with its settings named: three retries, waiting 10ms, then
// 20ms, then 40ms (at most 1s), each moved by up to ±10%.
func ExampleRetry() {
	calls := 0
	p := dagrun.New("retry").Add("flaky", func(ctx context.Context, in dagrun.Inputs) (any, error) {
		calls++
		if calls < 3 {
			return nil, errors.New("busy")
		}
		return "done", nil
	}, dagrun.Retry(dagrun.RetryPolicy{Retries: 3, Delay: 10 * time.Millisecond, Backoff: 2, MaxDelay: time.Second, Jitter: 0.1}))

	res, err := p.Run(context.Background(), dagrun.RunOptions{})
	if err != nil {
		panic(err)
	}
	flaky, _ := res.Pipe("flaky")
	fmt.Println(flaky.Status, flaky.Attempts)
	// Output: succeeded 3
}

// An error marked Permanent is not retried: the pipe fails at once.
func ExamplePermanent() {
	p := dagrun.New("permanent").Add("call", func(ctx context.Context, in dagrun.Inputs) (any, error) {
		return nil, dagrun.Permanent(errors.New("400 bad request"))
	}, dagrun.Retries(5, time.Second))

	res, _ := p.Run(context.Background(), dagrun.RunOptions{})
	call, _ := res.Pipe("call")
	fmt.Println(call.Status, call.Attempts, dagrun.IsPermanent(call.Err))
	// Output: failed 1 true
}

// A fan-out: one instance per item of a collection computed from an
// upstream's output, each a task of its own (retries, pool slot, events),
// named id[key]. What depends on it reads every instance.
func ExamplePipeline_ForEach() {
	p := dagrun.New("fanout").
		Pool("api", 2). // at most two instances call the API at once
		Add("tickets", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			return map[string]string{"t1": "refund please", "t2": "login broken", "t3": "refund again"}, nil
		}).
		ForEach("classify", func(ctx context.Context, in dagrun.Inputs) ([]dagrun.Item, error) {
			var tickets map[string]string
			if err := in.Decode("tickets", &tickets); err != nil {
				return nil, err
			}
			return dagrun.Items(tickets)(ctx, in)
		}, func(ctx context.Context, in dagrun.Inputs, item dagrun.Item) (any, error) {
			if strings.Contains(item.Value.(string), "refund") {
				return "billing", nil
			}
			return "support", nil
		}, dagrun.DependsOn("tickets"), dagrun.InPool("api"), dagrun.Retries(2, time.Second)).
		Add("count", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			counts := map[string]int{}
			for _, r := range in.Instances("classify") {
				counts[r.Output.AsString()]++
			}
			return counts, nil
		}, dagrun.DependsOn("classify"))

	res, err := p.Run(context.Background(), dagrun.RunOptions{})
	if err != nil {
		panic(err)
	}
	for _, r := range res.Pipes {
		fmt.Println(r.ID, r.Status)
	}
	var counts map[string]int
	if err := res.Decode("count", &counts); err != nil {
		panic(err)
	}
	fmt.Println(counts)
	// Output:
	// tickets succeeded
	// classify succeeded
	// classify[t1] succeeded
	// classify[t2] succeeded
	// classify[t3] succeeded
	// count succeeded
	// map[billing:2 support:1]
}

// Result.Decode reads a pipe's output into a Go value, as Inputs.Decode
// does for a running pipe.
func ExampleResult_Decode() {
	type summary struct {
		Rows   int      `json:"rows"`
		Tables []string `json:"tables"`
	}
	p := dagrun.New("decode").Add("load", func(ctx context.Context, in dagrun.Inputs) (any, error) {
		return summary{Rows: 42, Tables: []string{"users", "orders"}}, nil
	})
	res, err := p.Run(context.Background(), dagrun.RunOptions{})
	if err != nil {
		panic(err)
	}
	var s summary
	if err := res.Decode("load", &s); err != nil {
		panic(err)
	}
	fmt.Println(s.Rows, s.Tables)
	// Output: 42 [users orders]
}

// A failure handler: a pipe with the OneFailed trigger runs when an
// upstream fails, and is skipped when none does. Independent branches go on.
func ExampleWithTrigger() {
	p := dagrun.New("handler").
		Add("deploy", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			return nil, errors.New("health check failed")
		}).
		Add("docs", func(ctx context.Context, in dagrun.Inputs) (any, error) { return "published", nil }).
		Add("rollback", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			d, _ := in.Upstream("deploy")
			return "rolled back after: " + d.Err.Error(), nil
		}, dagrun.DependsOn("deploy"), dagrun.WithTrigger(dagrun.OneFailed)).
		Add("announce", func(ctx context.Context, in dagrun.Inputs) (any, error) { return nil, nil },
			dagrun.DependsOn("deploy"))

	res, _ := p.Run(context.Background(), dagrun.RunOptions{})
	for _, r := range res.Pipes {
		fmt.Println(strings.TrimSpace(fmt.Sprint(r.ID, " ", r.Status, " ", r.Reason)))
	}
	var msg string
	_ = res.Decode("rollback", &msg)
	fmt.Println(msg)
	// Output:
	// deploy failed
	// docs succeeded
	// rollback succeeded
	// announce skipped upstream_failed
	// rolled back after: health check failed
}

// A condition decides at run time, from upstream outputs, whether a pipe
// runs; when it does not, the pipe is skipped with ReasonConditionFalse.
func ExampleIf() {
	p := dagrun.New("condition").
		Add("count", func(ctx context.Context, in dagrun.Inputs) (any, error) { return 0, nil }).
		Add("notify", func(ctx context.Context, in dagrun.Inputs) (any, error) { return "sent", nil },
			dagrun.DependsOn("count"),
			dagrun.If(func(ctx context.Context, in dagrun.Inputs) (bool, error) {
				var n int
				err := in.Decode("count", &n)
				return n > 0, err
			}))

	res, _ := p.Run(context.Background(), dagrun.RunOptions{})
	notify, _ := res.Pipe("notify")
	fmt.Println(notify.Status, notify.Reason == dagrun.ReasonConditionFalse)
	// Output: skipped true
}

// An observer sees every event; on EventRetrying, Attempt is the attempt
// about to be made.
func ExampleObserverFunc() {
	calls := 0
	p := dagrun.New("observed").Add("a", func(ctx context.Context, in dagrun.Inputs) (any, error) {
		if calls++; calls == 1 {
			return nil, errors.New("once")
		}
		return nil, nil
	}, dagrun.Retries(1, 0))
	_, _ = p.Run(context.Background(), dagrun.RunOptions{Observer: dagrun.ObserverFunc(func(e dagrun.Event) {
		switch e.Type {
		case dagrun.EventAttemptFinished:
			fmt.Println("attempt", e.Attempt, e.AttemptResult)
		case dagrun.EventRetrying:
			fmt.Println("retrying: attempt", e.Attempt, "of", e.MaxAttempts)
		case dagrun.EventPipeFinished:
			fmt.Println(e.Node, e.Status)
		}
	})})
	// Output:
	// attempt 1 error
	// retrying: attempt 2 of 2
	// attempt 2 ok
	// a succeeded
}

// A dependency on a pipe that is not there is an error of Run (and Graph)
// that names both pipes and what comes close.
func ExamplePipeline_Run_missingDependency() {
	p := dagrun.New("typo").
		Add("build", func(ctx context.Context, in dagrun.Inputs) (any, error) { return nil, nil }).
		Add("test", func(ctx context.Context, in dagrun.Inputs) (any, error) { return nil, nil }, dagrun.DependsOn("biuld"))
	_, err := p.Run(context.Background(), dagrun.RunOptions{})
	fmt.Println(err)
	// Output: pipe "test" depends on "biuld", which is not in the pipeline (did you mean build?)
}
