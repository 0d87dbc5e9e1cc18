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

// notices is where the signal handler writes what it does: stderr, or,
// while apply's live view owns the terminal, above its live area (a line
// written under it would tear the view's next redraw).
var notices atomic.Pointer[io.Writer]

// noticeOutput is where notices go now.
func noticeOutput() io.Writer {
	if w := notices.Load(); w != nil {
		return *w
	}
	return os.Stderr
}

// setNoticeOutput sends notices to w until the returned function is called.
func setNoticeOutput(w io.Writer) (restore func()) {
	notices.Store(&w)
	return func() { notices.CompareAndSwap(&w, nil) }
}

// noticeWriter is w for notices: the live view's lines start with a
// carriage return (the terminal has just echoed ^C), and so must these.
func noticeWriter(w io.Writer) io.Writer {
	if _, ok := w.(*ttyView); ok {
		return lineStartWriter{w}
	}
	return w
}

type lineStartWriter struct{ w io.Writer }

func (l lineStartWriter) Write(b []byte) (int, error) {
	if _, err := l.w.Write(append([]byte(lineStart), b...)); err != nil {
		return 0, err
	}
	return len(b), nil
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

// detachNotice, when set, is what the second stop signal adds: the run goes
// on elsewhere (a Temporal workflow) without this process, and how to
// follow it again.
var detachNotice atomic.Pointer[string]

// reportKilled says what the second stop signal did.
func reportKilled(w io.Writer, sig os.Signal, groups int) {
	fmt.Fprintf(w, "killed (%s again): %d running pipe process group(s) sent SIGKILL\n", signalName(sig), groups)
}
