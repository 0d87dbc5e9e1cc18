//go:build !linux

package pipes

// awaitExit returns at once: without pidfds, os.Process.Wait does the waiting.
func awaitExit(int) {}
