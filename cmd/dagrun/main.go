// Command dagrun runs pipelines written in HCL: apply, plan, validate, graph, fmt.
//
// It is a thin client of the dagrun library: flags become library calls, results
// become views (text or JSON). It is the only place that calls os.Exit, reads
// os.Args or touches process-wide state.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInternal    = 3 // a bug of dagrun: a recovered panic
	exitInterrupted = 130
)

// stopSignals end a run the same way: the first cancels it (running pipes are
// stopped, the run is recorded, and apply says how to resume it), the second
// leaves at once. SIGHUP is among them because closing a terminal or losing
// an SSH session sends it: without it the process would die at once and
// leave its pipes' process groups running.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, stopSignals...)
	go func() {
		sig := <-sigs
		reportStopping(noticeOutput(), sig, runningAttempts.n.Load())
		cancel() // first signal: stop starting pipes, cancel running ones
		sig = <-sigs
		// Second signal: leave at once, taking the pipes' processes along.
		reportKilled(noticeOutput(), sig, procGroups.killAll())
		if n := detachNotice.Load(); n != nil {
			fmt.Fprintln(noticeOutput(), *n) // a run that goes on elsewhere
		}
		os.Exit(exitInterrupted)
	}()
	stopProfile := startProfile()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopProfile()
	cancel()
	os.Exit(code)
}

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error // already reported when nil
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

// exitCode returns err as an exit code, reported (or not) already.
func exitCode(code int) error { return &exitError{code: code} }

// usageError is an invalid invocation: exit 2 with the message.
func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// env is what commands may touch of the process.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// jsonDiagnostics: the command prints JSON (--output json), so an
	// invalid pipeline's diagnostics go to stdout as JSON too.
	jsonDiagnostics bool
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			code = reportInternalError(stderr, r, debug.Stack())
		}
	}()
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:           "dagrun",
		Short:         "Run DAG pipelines written in HCL: parallel, retried, observable",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	root.SetVersionTemplate(versionLine())
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: fmt.Errorf("%w\nSee '%s --help'.", err, c.CommandPath())}
	})
	root.AddCommand(
		applyCmd(e),
		planCmd(e),
		validateCmd(e),
		graphCmd(e),
		fmtCmd(e),
		runsCmd(e),
		serveCmd(e),
		versionCmd(e),
		workerCmd(e),
		consoleCmd(e),
	)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "Error:", escapeText(ee.err.Error()))
		}
		return ee.code
	}
	// cobra's own errors: unknown command, wrong number of arguments.
	fmt.Fprintln(stderr, "Error:", escapeText(err.Error()))
	return exitUsage
}

// reportInternalError handles a panic that reached the command: a bug, not
// bad input. The stack goes to a file of its own, the terminal gets one line
// saying where, and the exit code is one no other outcome uses, so that a
// crash never looks like an invalid pipeline (2) or a failed run (1).
func reportInternalError(stderr io.Writer, r any, stack []byte) int {
	report := fmt.Sprintf("dagrun %s: internal error: %v\n\n%s", version(), r, stack)
	where := "(the details could not be written)"
	if f, err := os.CreateTemp("", "dagrun-internal-error-*.txt"); err == nil {
		_, werr := io.WriteString(f, report)
		if cerr := f.Close(); werr == nil && cerr == nil {
			where = "details in " + filepath.ToSlash(f.Name())
		}
	}
	fmt.Fprintf(stderr, "dagrun: internal error (a bug of dagrun, not of the pipeline) at %s: %s; %s\n",
		time.Now().UTC().Format(time.RFC3339), escapeText(firstLine(fmt.Sprint(r))), where)
	return exitInternal
}

// startProfile writes a CPU profile to $DAGRUN_CPUPROFILE when it is set (for
// `make bench` and performance work); it returns the function that stops it.
func startProfile() func() {
	path := os.Getenv("DAGRUN_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "warning: DAGRUN_CPUPROFILE:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "warning: DAGRUN_CPUPROFILE:", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
