// Command embed runs a small diamond of Go-function pipes with the dagrun library:
// no HCL, only the public API. One pipe fails once and succeeds on its retry.
// The run's Prometheus metrics, an observer the program attaches, show the
// attempts of each pipe.
//
//	go run ./examples/embed
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/metrics"
)

func main() {
	var calls atomic.Int32

	p := dagrun.New("embed_diamond").
		Add("fetch", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			return []string{"alpha", "beta", "gamma"}, nil
		}).
		Add("upper", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			var words []string
			if err := in.Decode("fetch", &words); err != nil {
				return nil, err
			}
			return strings.ToUpper(strings.Join(words, " ")), nil
		}, dagrun.DependsOn("fetch")).
		Add("count", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			if calls.Add(1) == 1 {
				return nil, errors.New("transient: backend busy")
			}
			var words []string
			if err := in.Decode("fetch", &words); err != nil {
				return nil, err
			}
			return len(words), nil
		}, dagrun.DependsOn("fetch"), dagrun.Retries(2, 50*time.Millisecond)).
		Add("report", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			var upper string
			var n int
			if err := in.Decode("upper", &upper); err != nil {
				return nil, err
			}
			if err := in.Decode("count", &n); err != nil {
				return nil, err
			}
			return fmt.Sprintf("%d words: %s", n, upper), nil
		}, dagrun.DependsOn("upper", "count"))

	reg := prometheus.NewRegistry()
	col, err := metrics.ForPipeline(reg, p.Name(), p.WorkIDs(), "embed")
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(2)
	}

	res, err := p.Run(context.Background(), dagrun.RunOptions{Parallelism: 2, Observer: col})
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(2)
	}
	for _, r := range res.Pipes {
		fmt.Printf("%-7s %-10s attempts=%d\n", r.ID, r.Status, r.Attempts)
	}
	if r, ok := res.Pipe("report"); ok && r.Status == dagrun.Succeeded {
		fmt.Println("report:", r.Output.AsString())
	}
	if fams, err := reg.Gather(); err == nil {
		for _, mf := range fams {
			if mf.GetName() == metrics.PipeAttemptsTotal {
				_, _ = expfmt.MetricFamilyToText(os.Stdout, mf)
			}
		}
	}
	if res.Status != dagrun.Succeeded {
		os.Exit(1)
	}
}
