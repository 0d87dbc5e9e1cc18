//go:build unix

package main

import (
	"os"
	"syscall"
)

// maxRSS is the peak resident set size of an ended process (kB on Linux).
func maxRSS(ps *os.ProcessState) (int64, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, false
	}
	return int64(ru.Maxrss), true
}
