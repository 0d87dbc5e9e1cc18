//go:build !unix

package main

import "os"

// killGroup kills the process pgid (no process groups here).
func killGroup(pgid int) {
	if p, err := os.FindProcess(pgid); err == nil {
		_ = p.Kill()
	}
}
