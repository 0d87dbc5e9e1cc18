package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // schedule timezones work on machines without zoneinfo

	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/metrics"
	"github.com/dagrun/dagrun/pipes"
	"github.com/dagrun/dagrun/schedule"
	"github.com/dagrun/dagrun/server"
	"github.com/dagrun/dagrun/state"
)

// tokenEnv holds the API token when --token is not given.
const tokenEnv = "DAGRUN_TOKEN"

// ownSecretEnv are the variables of dagrun's environment that hold its own
// credentials. No pipe inherits them, whatever the command: a pipe that
// prints its environment does not give away the API token.
var ownSecretEnv = []string{tokenEnv}

// pipeTypes are the pipe types of every command: the built-ins, their exec
// processes without ownSecretEnv.
func pipeTypes() *pipes.Registry {
	return pipes.BuiltinsWith(pipes.BuiltinOptions{ExecHideEnv: ownSecretEnv})
}

// defaultListen is serve's address: loopback unless asked otherwise.
const defaultListen = "127.0.0.1:9464"

type serveFlags struct {
	vars            varFlags
	listen          string
	token           string
	allowHosts      []string
	shutdownTimeout time.Duration
	log             logFlags
	state           stateFlags
	logLimit        logLimitFlag
	keepRuns        int
	keepRunsFor     time.Duration
}

func serveCmd(e *env) *cobra.Command {
	f := &serveFlags{}
	c := &cobra.Command{
		Use:   "serve PATH...",
		Short: "Run pipelines on their schedules; serve /metrics and an HTTP API",
		Long: `Serve loads every pipeline (a .hcl file or a directory of them, each), checks
them all before anything starts, then runs each on its schedule blocks and
serves on --listen:

  GET  /metrics                      Prometheus metrics of every pipeline
  GET  /healthz                      liveness
  GET  /api/v1/pipelines             pipelines, schedules, next and last runs
  POST /api/v1/pipelines/NAME/runs   start a run now (202 and the run's id)
  GET  /api/v1/runs/ID               a run and the status of each pipe
  GET  /api/v1/runs                  recorded runs (?pipeline= &status= &offset= &limit=)
  GET  /api/v1/runs/ID/events        a run's changes as Server-Sent Events
  GET  /api/v1/runs/ID/pipes/P/log   a pipe's log (?offset= to follow it)
  POST /api/v1/runs/ID/cancel        cancel a run; .../resume resume it;
  POST /api/v1/runs/ID/pipes/P/rerun run P and its downstream again
  GET  /ui/                          a web UI on the same API

With --token (or $` + tokenEnv + `) the /api/ endpoints require
"Authorization: Bearer TOKEN"; no pipe inherits $` + tokenEnv + `. On a loopback
address only loopback Host names are answered (--allow-host adds one), and a
request from a web page of another origin may not start runs. Every run is recorded in the state directory,
as apply's are (dagrun runs list). On SIGTERM, SIGINT or SIGHUP serve starts no more
runs and waits up to --shutdown-timeout for the running ones, then cancels
them; it exits 0 after a clean drain and 130 when it had to cancel runs. A
second signal exits at once. See docs/serve.md.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error { return e.serve(args, f) },
	}
	f.vars.add(c)
	c.Flags().StringVar(&f.listen, "listen", defaultListen, "address to serve on (no host: 127.0.0.1; port 0 picks a free one)")
	c.Flags().StringVar(&f.token, "token", "", "require \"Authorization: Bearer TOKEN\" on the API (default: $"+tokenEnv+"); /metrics and /healthz stay open")
	c.Flags().StringArrayVar(&f.allowHosts, "allow-host", nil, "a host name (no port) requests may give as Host besides localhost, 127.0.0.1 and [::1], when they arrive on a loopback address: a reverse proxy's (repeatable)")
	c.Flags().DurationVar(&f.shutdownTimeout, "shutdown-timeout", 30*time.Second, "on SIGTERM/SIGINT/SIGHUP, how long running pipelines may take to finish before they are cancelled")
	c.Flags().StringVar(&f.log.format, "log-format", "", "log format on stderr: text (default) or json")
	c.Flags().StringVar(&f.log.level, "log-level", "", "log from this level up: debug (adds every event of every run), info (default: runs started and finished, skipped ticks), warn, error or off")
	f.state.add(c.Flags(), state.DirName+" beside each pipeline")
	f.logLimit.add(c)
	c.Flags().IntVar(&f.keepRuns, "keep-runs", 100, "after each run, delete the pipeline's older runs beyond this many (and beyond --keep-runs-for); 0: keep every run")
	c.Flags().DurationVar(&f.keepRunsFor, "keep-runs-for", 0, "keep runs younger than this too, however many there are")
	return c
}

func (e *env) serve(paths []string, f *serveFlags) error {
	if f.shutdownTimeout < 0 {
		return usageError("--shutdown-timeout %s: want a duration ≥ 0", f.shutdownTimeout)
	}
	logger, runLogger, err := serveLoggers(f.log, e.stderr)
	if err != nil {
		return err
	}
	addr, err := metrics.ListenAddr(f.listen)
	if err != nil {
		return usageError("--listen %q: %v", f.listen, err)
	}
	token := f.token
	if token == "" {
		token = os.Getenv(tokenEnv)
	}

	logLimit, err := f.logLimit.limit()
	if err != nil {
		return err
	}
	if f.keepRuns < 0 || f.keepRunsFor < 0 {
		return usageError("--keep-runs and --keep-runs-for must not be negative")
	}
	var retention *state.Retention
	if f.keepRuns > 0 {
		retention = &state.Retention{Keep: f.keepRuns, OlderThan: f.keepRunsFor}
	}

	pipelines, err := e.loadAll(paths, &f.vars)
	if err != nil {
		return err
	}
	stores := map[string]servedState{}
	for i, p := range pipelines {
		stores[p.Name()] = servedState{
			store: state.Open(f.state.resolve(func() string { return state.DefaultDir(paths[i]) })),
			path:  paths[i],
		}
	}
	history := newServedHistory(stores)
	tp, stopTracing, err := e.startTracing("dagrun")
	if err != nil {
		return err
	}
	defer stopTracing()
	srv, err := server.New(pipelines, server.Options{
		TracerProvider: tp,
		Token:          token,
		AllowedHosts:   f.allowHosts,
		Version:        version(),
		Logger:         logger,
		RunLogger:      runLogger,
		TrackProcess:   procGroups.track,
		Record: func(p *dagrun.Pipeline, _ schedule.Run) (server.Recorder, error) {
			st := stores[p.Name()]
			return st.store.Start(p, state.StartOptions{Path: st.path, Version: version(), LogLimit: logLimit, Retention: retention})
		},
		History: history,
		Resume:  serveResume(stores, state.StartOptions{Version: version(), LogLimit: logLimit, Retention: retention}),
	})
	if err != nil {
		return usageError("%v", err)
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(e.ctx, "tcp", addr)
	if err != nil {
		return usageError("--listen: %v", err)
	}
	httpSrv := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(discardIfNil(logger).Handler(), slog.LevelWarn),
	}
	// The run index loads before serve answers when that is quick (a fresh
	// index of 100,000 runs reads in about half a second), else while it
	// already answers (rebuilding a lost index reads every run; a list of
	// runs asked for meanwhile waits for it).
	indexed := make(chan struct{})
	go func() {
		defer close(indexed)
		history.load()
	}()
	defer func() { <-indexed }()
	select {
	case <-indexed:
	case <-time.After(700 * time.Millisecond):
	}
	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()
	srv.Start()

	bound := ln.Addr().String()
	schedules := 0
	for _, p := range srv.Pipelines() {
		schedules += len(p.Schedules)
	}
	fmt.Fprintf(e.stderr, "dagrun serve: %d pipeline(s), %d schedule(s), listening on http://%s (/metrics, /healthz, /api/v1/)\n", len(pipelines), schedules, bound)
	if token == "" && !loopback(bound) {
		fmt.Fprintf(e.stderr, "warning: the API on %s is open to anyone who can reach it: set --token or $%s\n", bound, tokenEnv)
	}

	var serveErr error
	select {
	case <-e.ctx.Done():
	case serveErr = <-served:
		served <- serveErr
	}

	running := 0
	for _, p := range srv.Pipelines() {
		running += len(p.Running)
	}
	fmt.Fprintf(e.stderr, "dagrun serve: shutting down: no new runs; waiting up to %s for %d running\n", f.shutdownTimeout, running)
	sctx, cancel := context.WithTimeout(context.Background(), f.shutdownTimeout)
	drainErr := srv.Shutdown(sctx)
	cancel()

	// /metrics kept answering while runs drained, so a last scrape sees how
	// they ended; now the listener goes.
	hctx, hcancel := context.WithTimeout(context.Background(), 5*time.Second)
	if err := httpSrv.Shutdown(hctx); err != nil {
		httpSrv.Close()
	}
	hcancel()
	if err := <-served; serveErr == nil && !errors.Is(err, http.ErrServerClosed) {
		serveErr = err
	}

	switch {
	case serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed):
		return &exitError{code: exitFailed, err: fmt.Errorf("serving on %s: %w", bound, serveErr)}
	case drainErr != nil:
		fmt.Fprintf(e.stderr, "dagrun serve: runs still going after %s were cancelled\n", f.shutdownTimeout)
		return exitCode(exitInterrupted)
	}
	fmt.Fprintln(e.stderr, "dagrun serve: stopped")
	return nil
}

// servedState is where the runs of one served pipeline are recorded.
type servedState struct {
	store *state.Store
	path  string
}

// loadAll loads every pipeline and reports the diagnostics of all of them
// before failing: nothing is served unless all are valid. With several
// pipelines, a --var applies to those that declare it; one that none declares
// is an error, as in apply.
func (e *env) loadAll(paths []string, v *varFlags) ([]*dagrun.Pipeline, error) {
	opts, err := v.options()
	if err != nil {
		return nil, err
	}
	declared := map[string][]string{} // path → the --var names it declares
	if len(paths) > 1 && len(opts.Vars) > 0 {
		anyone := map[string]bool{}
		for _, path := range paths {
			for _, name := range declaredVariables(path) {
				if _, set := opts.Vars[name]; set {
					declared[path] = append(declared[path], name)
					anyone[name] = true
				}
			}
		}
		for name := range opts.Vars {
			if !anyone[name] {
				return nil, usageError("--var %s: none of the pipelines declares a variable %q", name, name)
			}
		}
	}

	var pipelines []*dagrun.Pipeline
	failed := false
	for _, path := range paths {
		vf := *v
		if len(paths) > 1 && len(opts.Vars) > 0 {
			vf.vars = slices.DeleteFunc(slices.Clone(v.vars), func(kv string) bool {
				name, _, _ := strings.Cut(kv, "=")
				return !slices.Contains(declared[path], name)
			})
		}
		p, err := e.load(path, &vf)
		if err != nil {
			var ee *exitError
			if errors.As(err, &ee) && ee.err != nil {
				fmt.Fprintf(e.stderr, "Error: %s: %v\n", path, ee.err)
			}
			failed = true
			continue
		}
		pipelines = append(pipelines, p)
	}
	if failed {
		return nil, usageError("not serving: fix the pipelines above first")
	}
	return pipelines, nil
}

// declaredVariables returns the names of the variables the pipeline at path
// declares (read without values: the full load follows).
func declaredVariables(path string) []string {
	cfg, _ := dhcl.Load(path, dhcl.LoadOptions{LookupEnv: func(string) (string, bool) { return "", false }})
	var names []string
	for _, v := range cfg.Variables {
		names = append(names, v.Name)
	}
	return names
}

// serveLoggers returns serve's log (on unless --log-level off; text unless
// --log-format json) and, at debug, the log of every run's events.
func serveLoggers(l logFlags, w io.Writer) (logger, runLogger *slog.Logger, err error) {
	if l.format == "" {
		l.format = "text"
	}
	level, on, err := l.parse()
	if err != nil || !on {
		return nil, nil, err
	}
	logger, err = l.logger(w)
	if err != nil {
		return nil, nil, err
	}
	if level <= slog.LevelDebug {
		runLogger = logger
	}
	return logger, runLogger, nil
}

func discardIfNil(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}

// loopback reports whether a bound address is reachable only from this machine.
func loopback(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
