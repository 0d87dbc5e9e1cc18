package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/dagrun/dagrun"
)

// pathArg is the PATH argument of a command that takes at most one: the
// current directory when it is left out, as make, Task and Terraform do.
func pathArg(args []string) string {
	if len(args) == 0 {
		return "."
	}
	return args[0]
}

// checkParallelismFlag refuses a --parallelism that was given but cannot
// mean a number of running pipes (0 and below). Not giving it keeps the
// pipeline's own setting.
func checkParallelismFlag(c *cobra.Command, n int) error {
	if c.Flags().Changed("parallelism") && n < 1 {
		return usageError("--parallelism %d: want a number of pipes ≥ 1 (leave the flag out to keep the pipeline's parallelism)", n)
	}
	return nil
}

// resolveAddresses checks what a flag (--target, and any other flag that
// names pipes) says against the pipeline: each value is an address as
// `runs logs` takes it, a pipe id, a step's path (group.step) or one
// instance of a for_each pipe (pipe[key]). It returns them in the form
// RunOptions.Targets takes, or the usage error of the first that names
// nothing.
func resolveAddresses(p *dagrun.Pipeline, flag string, values []string) ([]string, error) {
	out := make([]string, 0, len(values))
	for _, v := range values {
		a, err := p.ResolveAddress(v)
		if err != nil {
			return nil, usageError("%s %q: %v", flag, v, err)
		}
		out = append(out, a.String())
	}
	return out, nil
}

// versionLine is what `dagrun version` and `dagrun --version` print.
func versionLine() string {
	return fmt.Sprintf("dagrun %s (%s %s/%s)\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// newRunID names a run that is not recorded (its state directory could
// not be written) in the shape of a recorded run's id, so that its events
// still carry one.
func newRunID(now time.Time) string {
	var b [2]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}
