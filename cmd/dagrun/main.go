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
	"runtime/pprof"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInterrupted = 130
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		cancel() // first signal: stop starting pipes, cancel running ones
		<-sigs
		procGroups.killAll() // second signal: leave at once, taking the pipes' processes along
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
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:           "dagrun",
		Short:         "Run DAG pipelines written in HCL: parallel, retried, observable",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
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
	)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "Error:", ee.err)
		}
		return ee.code
	}
	// cobra's own errors: unknown command, wrong number of arguments.
	fmt.Fprintln(stderr, "Error:", err)
	return exitUsage
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
