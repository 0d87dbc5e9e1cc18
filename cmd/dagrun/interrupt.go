package main

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"syscall"

	"github.com/dagrun/dagrun/executor"
)

// runningAttempts counts the attempts running in this process, so that the
// first Ctrl-C can say at once what it stops. It is process-wide because
// signals are: apply adds it to the run's observers.
var runningAttempts attemptCounter

type attemptCounter struct{ n atomic.Int64 }

func (c *attemptCounter) Event(e executor.Event) {
	switch e.Type {
	case executor.EventAttemptStarted:
		c.n.Add(1)
	case executor.EventAttemptFinished:
		c.n.Add(-1)
	}
}

// signalName is how a stop signal is named to the user.
func signalName(sig os.Signal) string {
	switch sig {
	case os.Interrupt:
		return "Ctrl-C"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return sig.String()
}

// reportStopping says what the first stop signal does, before the grace
// period of the pipes' processes starts: nothing else is printed until
// they have ended.
func reportStopping(w io.Writer, sig os.Signal, running int64) {
	what := "stopping"
	switch {
	case running == 1:
		what += ": cancelling 1 running pipe"
	case running > 1:
		what += fmt.Sprintf(": cancelling %d running pipes", running)
	}
	fmt.Fprintf(w, "%s (%s); %s again to kill at once\n", what, signalName(sig), signalName(os.Interrupt))
}

// reportKilled says what the second stop signal did.
func reportKilled(w io.Writer, sig os.Signal, groups int) {
	fmt.Fprintf(w, "killed (%s again): %d running pipe process group(s) sent SIGKILL\n", signalName(sig), groups)
}
