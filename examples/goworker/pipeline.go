package main

import (
	"context"
	"fmt"
	"time"

	"github.com/zclconf/go-cty/cty/gocty"

	"github.com/dagrun/dagrun"
)

// PipelineName is the pipeline's name: what the starter sends and the
// workers register it under.
const PipelineName = "regional-sales"

// alertBelow is the total under which the alert runs.
const alertBelow = 1000

// sales are the regions' figures, as their services would answer.
var sales = map[string]int{"eu": 420, "us": 310, "ap": 180}

// Pipeline builds the pipeline. The starter and every worker call it, and
// must get the same pipes with the same settings: a run checks it.
func Pipeline() *dagrun.Pipeline {
	return dagrun.New(PipelineName).
		Add("regions", func(context.Context, dagrun.Inputs) (any, error) {
			return []string{"eu", "us", "ap"}, nil
		}).
		ForEach("fetch", func(_ context.Context, in dagrun.Inputs) ([]dagrun.Item, error) {
			var regions []string
			if err := in.Decode("regions", &regions); err != nil {
				return nil, err
			}
			items := make([]dagrun.Item, len(regions))
			for k, r := range regions {
				items[k] = dagrun.Item{Key: r, Value: r}
			}
			return items, nil
		}, func(_ context.Context, in dagrun.Inputs, item dagrun.Item) (any, error) {
			region := item.Value.(string)
			if region == "us" && in.Attempt() == 1 {
				return nil, fmt.Errorf("the %s sales service is busy", region)
			}
			return sales[region], nil
		}, dagrun.DependsOn("regions"), dagrun.Retries(2, 500*time.Millisecond)).
		Add("total", func(_ context.Context, in dagrun.Inputs) (any, error) {
			total := 0
			for _, r := range in.Instances("fetch") {
				var n int
				if err := gocty.FromCtyValue(r.Output, &n); err != nil {
					return nil, fmt.Errorf("%s: %w", r.ID, err)
				}
				total += n
			}
			return total, nil
		}, dagrun.DependsOn("fetch")).
		Add("alert", func(context.Context, dagrun.Inputs) (any, error) {
			return fmt.Sprintf("sales under %d", alertBelow), nil
		}, dagrun.DependsOn("total"), dagrun.If(func(_ context.Context, in dagrun.Inputs) (bool, error) {
			var total int
			err := in.Decode("total", &total)
			return total < alertBelow, err
		})).
		Add("report", func(_ context.Context, in dagrun.Inputs) (any, error) {
			var total int
			if err := in.Decode("total", &total); err != nil {
				return nil, err
			}
			alert, _ := in.Upstream("alert")
			return fmt.Sprintf("total %d (alert %s)", total, alert.Status), nil
		}, dagrun.DependsOn("total", "alert"), dagrun.WithTrigger(dagrun.AllDone))
}
