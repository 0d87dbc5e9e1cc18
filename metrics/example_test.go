package metrics_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
)

// A CLI or embedding program creates one registry, one Collector per pipeline,
// passes the Collector as the run's observer, and serves, pushes or writes the
// registry.
func Example() {
	reg := prometheus.NewRegistry()
	c := metrics.New("ticket_routing", metrics.Options{Version: "v0.1.0"})
	if err := c.Register(reg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	c.Init([]string{"fetch", "classify"}) // every pipe of the pipeline, at zero

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, wait, err := metrics.Serve(ctx, ":0", reg) // --metrics-listen; no host: 127.0.0.1
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	_ = addr // scrape http://addr/metrics

	// executor.Options{Observer: c, ...}; the executor then calls c.Event:
	c.Event(executor.Event{Type: executor.EventRunStarted})
	c.Event(executor.Event{Type: executor.EventPipeFinished, Node: "fetch", Pipe: "fetch", Status: executor.StatusSkipped})
	c.Event(executor.Event{Type: executor.EventRunFinished, Status: executor.StatusSucceeded, Duration: time.Second})

	cancel() // stops the server
	if err := wait(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}

	err = testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP dagrun_pipe_runs_total Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.
# TYPE dagrun_pipe_runs_total counter
dagrun_pipe_runs_total{pipe="classify",pipeline="ticket_routing",status="cancelled"} 0
dagrun_pipe_runs_total{pipe="classify",pipeline="ticket_routing",status="failed"} 0
dagrun_pipe_runs_total{pipe="classify",pipeline="ticket_routing",status="skipped"} 0
dagrun_pipe_runs_total{pipe="classify",pipeline="ticket_routing",status="succeeded"} 0
dagrun_pipe_runs_total{pipe="classify",pipeline="ticket_routing",status="up_to_date"} 0
dagrun_pipe_runs_total{pipe="fetch",pipeline="ticket_routing",status="cancelled"} 0
dagrun_pipe_runs_total{pipe="fetch",pipeline="ticket_routing",status="failed"} 0
dagrun_pipe_runs_total{pipe="fetch",pipeline="ticket_routing",status="skipped"} 1
dagrun_pipe_runs_total{pipe="fetch",pipeline="ticket_routing",status="succeeded"} 0
dagrun_pipe_runs_total{pipe="fetch",pipeline="ticket_routing",status="up_to_date"} 0
`), metrics.PipeRunsTotal)
	fmt.Println(err)
	// Output: <nil>
}
