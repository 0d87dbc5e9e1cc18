//go:build windows

package pipes

import (
	"errors"
	"os"
	"syscall"
)

// ownProcessGroup: Windows has no process groups to start a process in; a
// cancelled process is killed alone (its children are not).
func ownProcessGroup() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP}
}

// signalGroup ends the process pgid (there are no signals to send: any
// signal kills it).
func signalGroup(pgid int, _ syscall.Signal) error {
	if pgid <= 0 {
		return nil
	}
	p, err := os.FindProcess(pgid)
	if err != nil {
		return nil // already gone
	}
	if err := p.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	return nil
}

// openDevNull opens the null device for a process's empty input.
func openDevNull() (*os.File, error) { return os.Open(os.DevNull) }

// pollable is never needed here: pipes are always os.Pipe's (relaySupported
// is false), already in the runtime's poller.
func pollable(f *os.File) (*os.File, error) {
	return nil, errors.New("raw pipes are not supported on this system")
}
