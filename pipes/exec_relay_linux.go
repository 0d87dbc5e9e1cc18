package pipes

import (
	"math"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// relaySupported: relayOutput can work here (it needs a pidfd).
const relaySupported = true

// rawPipe returns a pipe whose ends block and stay out of the runtime's
// poller, for relayOutput.
func rawPipe() (r, w *os.File, err error) {
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		return nil, nil, os.NewSyscallError("pipe2", err)
	}
	return os.NewFile(uintptr(p[0]), "|0"), os.NewFile(uintptr(p[1]), "|1"), nil
}

// relayOutput copies a process's stdout and stderr (files, raw pipes) to their
// sinks in the calling goroutine, with poll(2) on the two pipes and a pidfd of
// the process. When the process exits it calls reap (which waits for it, and
// kills what is left of its group), then copies until both pipes are closed,
// for at most drain. It returns false, having done nothing, when it cannot
// open a pidfd (Linux before 5.3, or a seccomp filter): the caller then pumps
// the pipes and reaps the process itself.
//
// Why: with two goroutines reading the pipes through the runtime's poller,
// each process's end cost a wake-up of the poller's thread and of the
// goroutines before the attempt could go on, about 70–100 µs per process on
// this kind of 2-core VM (a chain of 1000 /bin/true took 1.3× a bare os/exec
// loop). Here only the waiting thread wakes, and once: the caller
// keeps the pipes' write ends open until reap, so their close (which comes
// first in a process's exit) does not wake it before the exit does; after
// reap they report EOF at once unless another process holds them. The
// goroutine holds its P while it waits in poll, as it would in waitid:
// runExec only relays while fewer processes run than there are Ps, so that
// one P stays free.
func relayOutput(pid int, files [2]*os.File, sinks [2]*outputSink, reap func(), drain time.Duration) bool {
	pidfd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return false
	}
	fds := []unix.PollFd{
		{Fd: int32(files[0].Fd()), Events: unix.POLLIN},
		{Fd: int32(files[1].Fd()), Events: unix.POLLIN},
		{Fd: int32(pidfd), Events: unix.POLLIN},
	}
	var bufs [2][]byte
	open := 2
	var deadline time.Time // once the process is reaped: when to stop copying
	for open > 0 {
		timeout := -1
		if fds[2].Fd < 0 {
			left := time.Until(deadline)
			if left <= 0 {
				break // a process that left the group holds a pipe open
			}
			timeout = int(math.Ceil(float64(left) / float64(time.Millisecond)))
		}
		if _, err := unix.Poll(fds, timeout); err != nil {
			if err != unix.EINTR {
				time.Sleep(time.Millisecond) // ENOMEM: try again
			}
			continue
		}
		for i := range 2 {
			if fds[i].Fd < 0 || fds[i].Revents == 0 {
				continue
			}
			// Readable, closed or in error: one read does not block.
			bufs[i] = readBuffer(bufs[i], 0)
			n, err := files[i].Read(bufs[i])
			if n > 0 {
				sinks[i].write(bufs[i][:n])
				bufs[i] = readBuffer(bufs[i], n)
			}
			if err != nil {
				fds[i].Fd = -1 // EOF: poll skips negative fds
				open--
			}
		}
		if fds[2].Fd >= 0 && fds[2].Revents != 0 {
			unix.Close(pidfd)
			fds[2].Fd = -1
			reap()
			deadline = time.Now().Add(drain)
		}
	}
	if fds[2].Fd >= 0 {
		// Both pipes closed before the process ended (it closed them).
		unix.Close(pidfd)
		reap()
	}
	for _, s := range sinks {
		s.log.Flush()
	}
	return true
}
