//go:build unix

package pipes

import (
	"errors"
	"os"
	"syscall"
)

// ownProcessGroup starts a process in a process group of its own, so that
// cancelling it reaches its children too and a terminal's Ctrl-C does not.
func ownProcessGroup() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// signalGroup sends sig to the process group pgid; a group already gone is fine.
func signalGroup(pgid int, sig syscall.Signal) error {
	if pgid <= 0 {
		return nil
	}
	if err := syscall.Kill(-pgid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	return nil
}

// openDevNull opens /dev/null for a process's empty input. exec.Cmd opens it
// too when Stdin is nil, but through os.Open, which tries the runtime's
// poller: six system calls where this takes two, for every process.
func openDevNull() (*os.File, error) {
	fd, err := syscall.Open(os.DevNull, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: os.DevNull, Err: err}
	}
	return os.NewFile(uintptr(fd), os.DevNull), nil
}

// pollable returns a non-blocking duplicate of f, which os.NewFile puts in
// the runtime's poller.
func pollable(f *os.File) (*os.File, error) {
	fd, err := syscall.Dup(int(f.Fd()))
	if err != nil {
		return nil, err
	}
	syscall.CloseOnExec(fd)
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}
