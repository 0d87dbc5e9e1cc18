//go:build !linux

package pipes

import (
	"os"
	"time"
)

// awaitExit returns at once: without pidfds, os.Process.Wait does the waiting.
func awaitExit(int) {}

// relaySupported: without pidfds the pipes are always pumped by goroutines.
const relaySupported = false

func rawPipe() (r, w *os.File, err error) { return os.Pipe() }

func relayOutput(int, [2]*os.File, [2]*outputSink, func(), time.Duration) bool { return false }
