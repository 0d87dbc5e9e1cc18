// Command embed runs a pipeline built in Go with the dagrun library, the way
// a program embeds it: it imports package dagrun for everything about the
// pipeline and the run, and package metrics with a Prometheus registry of
// its own for the metrics.
//
// It charges a list of orders: a fan-out with one instance per order, in a
// pool of two at a time, each retried with back-off (one order's payment
// service is busy once); a report that runs only when there is something to
// report; and a failure handler that would refund what was charged, which
// does not run because nothing failed. The run's attempts are printed from
// the Prometheus metrics.
//
//	go run ./examples/embed
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/metrics"
)

func main() {
	res, err := run(context.Background(), os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(2)
	}
	if res.Status != dagrun.Succeeded {
		os.Exit(1)
	}
}

type order struct {
	ID     string  `json:"id"`
	Amount float64 `json:"amount"`
}

// pipeline builds the pipeline; charge is the payment call of one order.
func pipeline(charge func(ctx context.Context, o order, attempt int) (string, error)) *dagrun.Pipeline {
	return dagrun.New("orders").
		Pool("payments", 2). // the payment service takes two calls at a time
		Add("fetch", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			return []order{{"a-1", 20}, {"b-2", 35.5}, {"c-3", 12}}, nil
		}).
		ForEach("charge", func(ctx context.Context, in dagrun.Inputs) ([]dagrun.Item, error) {
			var orders []order
			if err := in.Decode("fetch", &orders); err != nil {
				return nil, err
			}
			items := make([]dagrun.Item, len(orders))
			for i, o := range orders {
				items[i] = dagrun.Item{Key: o.ID, Value: o}
			}
			return items, nil
		}, func(ctx context.Context, in dagrun.Inputs, item dagrun.Item) (any, error) {
			return charge(ctx, item.Value.(order), in.Attempt())
		},
			dagrun.DependsOn("fetch"),
			dagrun.InPool("payments"),
			dagrun.Retry(dagrun.RetryPolicy{Retries: 3, Delay: 10 * time.Millisecond, Backoff: 2, MaxDelay: time.Second}),
			dagrun.Timeout(5*time.Second)).
		Add("report", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			var receipts []string
			for _, r := range in.Instances("charge") {
				receipts = append(receipts, r.Output.AsString())
			}
			return strings.Join(receipts, ", "), nil
		},
			dagrun.DependsOn("charge"),
			dagrun.If(func(ctx context.Context, in dagrun.Inputs) (bool, error) {
				return len(in.Instances("charge")) > 0, nil // nothing to report without orders
			})).
		Add("refund", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			return "refunded the orders charged", nil
		}, dagrun.DependsOn("charge"), dagrun.WithTrigger(dagrun.OneFailed))
}

// run runs the pipeline and prints its results and attempt metrics to w.
func run(ctx context.Context, w io.Writer) (*dagrun.Result, error) {
	var mu sync.Mutex
	busy := map[string]bool{"b-2": true} // its first call answers "busy"
	p := pipeline(func(ctx context.Context, o order, attempt int) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		if busy[o.ID] {
			busy[o.ID] = false
			return "", errors.New("payment service busy")
		}
		if o.Amount <= 0 {
			return "", dagrun.Permanent(fmt.Errorf("order %s: nothing to charge", o.ID))
		}
		return fmt.Sprintf("%s:%.2f", o.ID, o.Amount), nil
	})

	reg := prometheus.NewRegistry()
	col, err := metrics.ForPipeline(reg, p.Name(), p.WorkIDs(), "embed")
	if err != nil {
		return nil, err
	}
	res, err := p.Run(ctx, dagrun.RunOptions{Parallelism: 4, Observer: col})
	if err != nil {
		return nil, err
	}
	for _, r := range res.Pipes {
		status := r.Status.String()
		if r.Reason != "" {
			status += " (" + r.Reason + ")"
		}
		fmt.Fprintf(w, "%-11s %-28s attempts=%d\n", r.ID, status, r.Attempts)
	}
	var report string
	if err := res.Decode("report", &report); err == nil && report != "" {
		fmt.Fprintln(w, "report:", report)
	}
	fams, err := reg.Gather()
	if err != nil {
		return nil, err
	}
	for _, mf := range fams {
		if mf.GetName() == metrics.PipeAttemptsTotal {
			if _, err := expfmt.MetricFamilyToText(w, mf); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}
