//go:build !unix

package main

import "os/exec"

// inOwnGroup: process groups are a Unix matter; the process alone is
// stopped here.
func inOwnGroup(*exec.Cmd) {}

// signalGroup ends cmd's process (there is no SIGTERM to send here).
func signalGroup(cmd *exec.Cmd, _ bool) { _ = cmd.Process.Kill() }
