// Command goworker runs a pipeline built in Go on Temporal workers. The
// same program is the worker, which registers the pipeline, and the
// starter, which builds the same pipeline and runs it there:
//
//	temporal server start-dev                            # a Temporal service on 127.0.0.1:7233
//	go run ./examples/goworker worker &                  # as many as you like, on any host
//	go run ./examples/goworker worker &
//	go run ./examples/goworker start                     # runs the pipeline on them, prints its result
//
// The pipeline (pipeline.go) adds up the sales of three regions: a ForEach
// pipe fetches each region's figure (the "us" service is busy at the first
// attempt, which is retried), a pipe sums them, an alert runs only when
// the total is under a threshold, and a report reads the total. Each of
// these functions runs on whichever worker takes it, with the outputs of
// its upstreams.
//
// Flags (before or after the mode): -temporal-address (127.0.0.1:7233),
// -temporal-namespace (default), -task-queue (goworker). The starter exits
// 0 when the run succeeded, 1 when a pipe failed, 2 when it could not run
// (a worker without the pipeline, or with another one of its name, says
// so).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/temporal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the program: "worker" or "start", with flags.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("goworker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("temporal-address", "127.0.0.1:7233", "the Temporal frontend, HOST:PORT")
	namespace := fs.String("temporal-namespace", "default", "the Temporal namespace")
	queue := fs.String("task-queue", "goworker", "the task queue of the runs and their pipes")
	var mode string
	if len(args) > 0 && (args[0] == "worker" || args[0] == "start") {
		mode, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if mode == "" && fs.NArg() == 1 {
		mode = fs.Arg(0)
	}
	if mode != "worker" && mode != "start" {
		fmt.Fprintln(stderr, "usage: goworker worker|start [-temporal-address HOST:PORT] [-temporal-namespace NS] [-task-queue Q]")
		return 2
	}
	c, err := client.DialContext(ctx, client.Options{HostPort: *addr, Namespace: *namespace,
		Logger: tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))})
	if err != nil {
		fmt.Fprintln(stderr, "error: connecting to Temporal:", err)
		return 2
	}
	defer c.Close()
	if mode == "worker" {
		return work(ctx, c, *queue, stderr)
	}
	return start(ctx, c, *queue, stdout, stderr)
}

// work runs a worker that has the pipeline, until ctx ends.
func work(ctx context.Context, c client.Client, queue string, stderr io.Writer) int {
	w, err := temporal.NewWorker(c, temporal.WorkerOptions{
		TaskQueue: queue,
		// The pipelines built in Go this worker runs, by name: the
		// starter's runs of Pipeline() come here.
		Pipelines: map[string]func() *dagrun.Pipeline{PipelineName: Pipeline},
		Logger:    slog.New(slog.NewTextHandler(stderr, nil)),
	})
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return 2
	}
	fmt.Fprintf(stderr, "worker: polling task queue %q\n", queue)
	if err := w.Run(ctx); err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return 1
	}
	return 0
}

// start runs the pipeline on the workers of queue and prints its result.
func start(ctx context.Context, c client.Client, queue string, stdout, stderr io.Writer) int {
	p := Pipeline()
	res, err := p.Run(ctx, dagrun.RunOptions{
		// No Source: the workers build the pipeline from their
		// registration, checked against this one.
		Engine: &temporal.Engine{Client: c, TaskQueue: queue, Started: func(id, _ string) {
			fmt.Fprintf(stderr, "started workflow %s\n", id)
		}},
	})
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return 2
	}
	printResult(stdout, res)
	switch {
	case res.Status == dagrun.Succeeded:
		return 0
	case errors.Is(ctx.Err(), context.Canceled):
		return 130
	}
	return 1
}

// printResult prints every pipe's status and attempts, then the report.
func printResult(w io.Writer, res *dagrun.Result) {
	for _, r := range res.Pipes {
		fmt.Fprintf(w, "%-12s %-9s attempts=%d", r.ID, r.Status, r.Attempts)
		if r.Err != nil {
			fmt.Fprintf(w, " error=%q", r.Err)
		}
		fmt.Fprintln(w)
	}
	var report string
	if err := res.Decode("report", &report); err == nil {
		fmt.Fprintln(w, "report:", report)
	}
	fmt.Fprintln(w, "run:", res.Status)
}
