package main

import (
	"context"
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
	"github.com/dagrun/dagrun/state"
)

type applyFlags struct {
	vars            varFlags
	parallelism     int
	failFast        bool
	targets         []string
	output          string
	metricsListen   string
	pushgateway     string
	metricsTextfile string
	metricsLinger   time.Duration
	noColor         bool
	log             logFlags
	state           applyStateFlags
	engine          engineFlags
	stream          streamFlag
	only            []string
	upToDate        upToDateFlags
}

func applyCmd(e *env) *cobra.Command {
	f := &applyFlags{}
	c := &cobra.Command{
		Use:   "apply [PATH]",
		Short: "Run a pipeline (a .hcl file or a directory of them; default: the current directory)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := checkParallelismFlag(c, f.parallelism); err != nil {
				return err
			}
			f.stream.changed = c.Flags().Changed("stream")
			return e.apply(pathArg(args), f)
		},
	}
	f.vars.add(c)
	c.Flags().IntVar(&f.parallelism, "parallelism", 0, "pipes running at once (default: the pipeline's `parallelism`, 10)")
	c.Flags().BoolVar(&f.failFast, "fail-fast", false, "stop the run at the first failed pipe")
	c.Flags().StringArrayVar(&f.targets, "target", nil, "run only this pipe and what it depends on (repeatable): an id, a step's path (group.step) or an instance (pipe[key])")
	c.Flags().StringVar(&f.output, "output", "text", "output format: text or json")
	c.Flags().StringVar(&f.metricsListen, "metrics-listen", "", "serve Prometheus /metrics on ADDR while the run lasts (no host: 127.0.0.1)")
	c.Flags().StringVar(&f.pushgateway, "pushgateway", "", "push the run's metrics to this Pushgateway URL at the end")
	c.Flags().DurationVar(&f.metricsLinger, "metrics-linger", 0, "with --metrics-listen: keep serving this long after the run so a scraper sees the final values (set it to at least the scrape interval)")
	c.Flags().StringVar(&f.metricsTextfile, "metrics-textfile", "", "write the run's metrics to FILE at the end (node_exporter textfile collector)")
	c.Flags().BoolVar(&f.noColor, "no-color", false, "no colors in the live view on a terminal (also: NO_COLOR set to anything, TERM=dumb)")
	f.stream.add(c.Flags())
	addOnlyFlag(c, &f.only)
	f.log.add(c)
	f.state.add(c)
	f.engine.add(c)
	f.upToDate.add(c)
	return c
}

func (e *env) apply(path string, f *applyFlags) error {
	if f.output != "text" && f.output != "json" {
		return usageError("--output %q: want text or json", f.output)
	}
	if f.parallelism < 0 {
		return usageError("--parallelism %d: want a number of pipes ≥ 1 (0 keeps the pipeline's setting)", f.parallelism)
	}
	if err := f.log.check(); err != nil {
		return err
	}
	if err := f.engine.check(); err != nil {
		return err
	}
	e.jsonDiagnostics = f.output == "json"
	streaming, err := f.stream.check(f.output, f.engine.name)
	if err != nil {
		return err
	}
	if err := checkOnlyFlags(f); err != nil {
		return err
	}
	p, err := e.load(path, &f.vars)
	if err != nil {
		return err
	}
	targets, err := resolveAddresses(p, "--target", f.targets)
	if err != nil {
		if e.jsonDiagnostics {
			return e.diagnosticsJSON(errorDiagnostic("Invalid --target", err), p.Redact)
		}
		return err
	}
	only, err := e.prepareOnly(path, p, &f.state, f.only)
	if err != nil {
		return err
	}
	if only != nil {
		targets = only.targets
	}
	replace, err := resolveAddresses(p, "--replace", f.upToDate.replace)
	if err != nil {
		if e.jsonDiagnostics {
			return e.diagnosticsJSON(errorDiagnostic("Invalid --replace", err), p.Redact)
		}
		return err
	}
	if f.engine.attach && (f.engine.name != "temporal" || f.state.resume != "") {
		return usageError("--attach goes with --engine temporal (and not with --resume)")
	}
	if f.engine.name == "temporal" {
		// A run of this pipeline whose client is gone may still run there:
		// follow it, or stop it, rather than run its pipes a second time.
		dir := f.state.resolve(func() string { return state.DefaultDir(path) })
		if id := e.orphanRun(dir, path, p); id != "" {
			if f.engine.attach {
				return e.runsAttach(&runsFlags{state: f.state.stateFlags, output: f.output, path: path}, id, f.noColor)
			}
			return usageError("run %s of this pipeline still runs on Temporal, without the client that started it: follow it with --attach (or dagrun runs attach %s), or stop it with dagrun runs cancel %s", id, id, id)
		}
	}
	rs, err := e.prepareRunState(path, p, &f.state, targets)
	if err != nil {
		return err
	}
	if only != nil {
		rs.reusable = only.resume.Reusable
	}

	var view view
	if f.output == "json" {
		view = newJSONView(e.stdout, p)
	} else {
		view = e.humanView(p, f.noColor) // live on a terminal, else timestamped lines
	}
	defer setNoticeOutput(noticeWriter(logOutput(view, e.stderr)))()
	logger, err := f.log.logger(logOutput(view, e.stderr))
	if err != nil {
		return err
	}

	opts := dagrun.RunOptions{Parallelism: f.parallelism, FailFast: f.failFast, Targets: targets, Observer: executor.Observers{&runningAttempts, view}, Logger: logger, TrackProcess: procGroups.track}
	tp, stopTracing, err := e.startTracing("dagrun")
	if err != nil {
		return err
	}
	defer stopTracing()
	if tp != nil {
		opts.TracerProvider = tp
		e.continueTrace()
	}

	// Metrics: a registry of this run's own, exposed the ways asked for.
	var reg *prometheus.Registry
	if f.metricsListen != "" || f.pushgateway != "" || f.metricsTextfile != "" {
		reg = prometheus.NewRegistry()
		col, err := metrics.ForPipeline(reg, p.Name(), p.WorkIDs(), version())
		if err != nil {
			return err
		}
		opts.Observer = executor.Observers{&runningAttempts, col, view}
	}
	var stopServe func()
	if f.metricsListen != "" {
		sctx, cancel := context.WithCancel(context.Background())
		bound, wait, err := metrics.Serve(sctx, f.metricsListen, reg)
		if err != nil {
			cancel()
			return usageError("--metrics-listen: %v", err)
		}
		fmt.Fprintf(e.stderr, "serving metrics on http://%s/metrics\n", bound)
		stopServe = func() { cancel(); _ = wait() }
	}

	if streaming {
		opts = e.outputStream(view, p, f.noColor).wire(opts)
	}
	if only != nil {
		opts = only.wire(opts, e.stderr)
	}
	opts = rs.start(opts)
	if opts, err = f.upToDate.upToDate(opts, p, path, rs.dir, replace); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if jv, ok := view.(*jsonView); ok {
		jv.runID = rs.runID()
	}
	if opts.Logger != nil {
		opts.Logger = opts.Logger.With("run_id", rs.runID()) // a log record names its run, as an event does
	}
	res, err := f.engine.run(e, path, p, opts, rs)
	rs.finish(res, err)
	if stopServe != nil {
		if err == nil && f.metricsLinger > 0 {
			select {
			case <-time.After(f.metricsLinger):
			case <-e.ctx.Done():
			}
		}
		stopServe()
	}
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	view.finish(res)
	if f.output != "json" {
		rs.reportFailedLogs(e.stdout, res)
	}
	if d := res.OutputDiagnostics; len(d) > 0 {
		e.writeRedacted(p.Config().Files(), d, p.Redact)
	}

	if f.pushgateway != "" {
		pctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := metrics.Push(pctx, f.pushgateway, p.Name(), reg); err != nil {
			fmt.Fprintf(e.stderr, "warning: pushing metrics to %s: %v\n", f.pushgateway, err)
		}
		cancel()
	}
	if f.metricsTextfile != "" {
		if err := metrics.WriteTextfile(f.metricsTextfile, reg); err != nil {
			fmt.Fprintf(e.stderr, "warning: writing metrics to %s: %v\n", f.metricsTextfile, err)
		}
	}

	switch {
	case res.Status == executor.StatusCancelled && e.ctx.Err() != nil:
		rs.reportInterrupted(e.stderr, res)
		return exitCode(exitInterrupted)
	case res.Status != executor.StatusSucceeded, res.OutputDiagnostics.HasErrors():
		// An output that fails to evaluate fails the run, as a pipe does.
		return exitCode(exitFailed)
	}
	return nil
}

func versionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the dagrun version",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprint(e.stdout, versionLine())
			return nil
		},
	}
}
