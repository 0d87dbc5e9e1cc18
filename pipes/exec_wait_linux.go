package pipes

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// awaitExit returns once the process pid has exited (it is not reaped: Wait
// still has to collect it), or at once when it cannot tell.
//
// It waits on a pidfd: for exitBlock in poll(2), then through the runtime's
// network poller, so a longer wait holds no OS thread in a blocking system
// call. os.Process.Wait blocks in waitid, and a goroutine blocked in a system
// call keeps its P (GOMAXPROCS slot) until sysmon takes it back, which can
// take milliseconds when the process is idle. With several processes running at once, the pipes whose
// process had exited then waited for a P to drain their output: 1000
// `sleep 0.01` at parallelism 8 took 1.15–1.5× as long as with a bare os/exec
// loop. Wait, called after this, finds the process already a zombie
// and returns at once.
//
// Without pidfds (Linux before 5.3, or a seccomp filter that refuses
// pidfd_open) it returns at once, and Wait blocks as before.
func awaitExit(pid int) {
	if exited(unix.P_PID, pid) {
		return // mostly so for short processes: a pidfd would cost four more system calls
	}
	fd, err := unix.PidfdOpen(pid, unix.PIDFD_NONBLOCK)
	if err != nil {
		return
	}
	if pollExit(fd, exitBlock) {
		unix.Close(fd)
		return
	}
	f := os.NewFile(uintptr(fd), "pidfd")
	defer f.Close()
	rc, err := f.SyscallConn()
	if err != nil {
		return
	}
	// A pidfd becomes readable when its process exits, but Read forgets a
	// readiness reported before it started waiting, so each call asks waitid
	// (WNOWAIT: without reaping) whether the process has exited; the poller
	// reports an exit after that ask. Read fails at once when the poller
	// refused the fd, and Wait does the waiting.
	_ = rc.Read(func(fd uintptr) bool { return exited(unix.P_PIDFD, int(fd)) })
}

// exitBlock is how long awaitExit first waits in poll(2), holding its P,
// before it hands the wait to the runtime's poller. A short process ends
// within it and wakes this thread directly, as waitid would, where the
// poller's wake-up costs a hop through another thread: 1000 /bin/true at
// -j8 on two cores went from 1.25–1.33× the os/exec floor to 1.12–1.23×.
// A longer process holds the P for this long only: 1000 `sleep 0.01` at -j8,
// which made the poller necessary, stayed at 1.07× the floor.
const exitBlock = 2 * time.Millisecond

// pollExit waits up to d in poll(2) for the pidfd to become readable (its
// process exited), and reports whether it did.
func pollExit(pidfd int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	fds := []unix.PollFd{{Fd: int32(pidfd), Events: unix.POLLIN}}
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return false
		}
		n, err := unix.Poll(fds, int((left+time.Millisecond-1)/time.Millisecond))
		switch {
		case n > 0:
			return true
		case err != unix.EINTR: // EINTR: another child's SIGCHLD
			return false
		}
	}
}

// exited reports whether the process has exited (or waitid failed), without
// reaping it.
func exited(idType, id int) bool {
	var info unix.Siginfo
	err := unix.Waitid(idType, id, &info, unix.WEXITED|unix.WNOHANG|unix.WNOWAIT, nil)
	return err != nil || info.Signo != 0
}
