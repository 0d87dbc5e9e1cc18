package dagrun_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/metrics"
)

// A pipeline built in Go: a diamond where two pipes read the first one's output
// and a last one joins them.
func Example() {
	p := dagrun.New("example").
		Add("fetch", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			return []string{"a", "b", "c"}, nil
		}).
		Add("upper", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			var xs []string
			err := in.Decode("fetch", &xs)
			return strings.ToUpper(strings.Join(xs, "")), err
		}, dagrun.DependsOn("fetch")).
		Add("count", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			var xs []string
			err := in.Decode("fetch", &xs)
			return len(xs), err
		}, dagrun.DependsOn("fetch"), dagrun.Retries(3, time.Second)).
		Add("join", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			var s string
			var n int
			if err := in.Decode("upper", &s); err != nil {
				return nil, err
			}
			err := in.Decode("count", &n)
			return fmt.Sprintf("%s:%d", s, n), err
		}, dagrun.DependsOn("upper", "count"))

	res, err := p.Run(context.Background(), dagrun.RunOptions{Parallelism: 2})
	if err != nil {
		panic(err)
	}
	for _, r := range res.Pipes {
		fmt.Println(r.ID, r.Status, r.Attempts)
	}
	join, _ := res.Pipe("join")
	fmt.Println(join.Output.AsString())
	// Output:
	// fetch succeeded 1
	// upper succeeded 1
	// count succeeded 1
	// join succeeded 1
	// ABC:3
}

// A pipeline loaded from HCL source with the built-in pipe types.
func ExampleLoadSource() {
	src := []byte(`
pipe "greeting" {
  use   = "value"
  value = "hello"
}
pipe "shout" {
  use   = "value"
  value = upper(pipe.greeting.output)
}
output "loud" {
  value = pipe.shout.output
}
`)
	p, err := dagrun.LoadSource("example.hcl", src, dagrun.LoadOptions{})
	if err != nil {
		panic(err)
	}
	res, err := p.Run(context.Background(), dagrun.RunOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Status, res.Outputs[0].Name, res.Outputs[0].Value.AsString())
	// Output: succeeded loud HELLO
}

// Prometheus metrics are an observer the program attaches: one Collector per
// pipeline on a registry of its own, given to every run of the pipeline, which
// the program then serves (metrics.Serve), pushes or writes.
func ExamplePipeline_Run_metrics() {
	p := dagrun.New("nightly").
		Add("extract", func(context.Context, dagrun.Inputs) (any, error) { return "rows", nil }).
		Add("load", func(context.Context, dagrun.Inputs) (any, error) { return nil, nil }, dagrun.DependsOn("extract"))

	reg := prometheus.NewRegistry()
	col, err := metrics.ForPipeline(reg, p.Name(), p.WorkIDs(), "v1.0.0")
	if err != nil {
		panic(err)
	}
	for range 2 {
		if _, err := p.Run(context.Background(), dagrun.RunOptions{Observer: col}); err != nil {
			panic(err)
		}
	}

	fams, err := reg.Gather()
	if err != nil {
		panic(err)
	}
	for _, mf := range fams {
		if mf.GetName() != metrics.PipeRunsTotal {
			continue
		}
		for _, m := range mf.GetMetric() {
			if v := m.GetCounter().GetValue(); v > 0 {
				fmt.Println(labelValue(m, metrics.LabelPipe), labelValue(m, metrics.LabelStatus), v)
			}
		}
	}
	// Output:
	// extract succeeded 2
	// load succeeded 2
}

func labelValue(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}
