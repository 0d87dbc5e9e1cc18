package pipes

import (
	"os"

	"golang.org/x/sys/unix"
)

// awaitExit returns once the process pid has exited (it is not reaped: Wait
// still has to collect it), or at once when it cannot tell.
//
// It waits on a pidfd through the runtime's network poller, so a waiting exec
// pipe holds no OS thread in a blocking system call. os.Process.Wait blocks in
// waitid, and a goroutine blocked in a system call keeps its P (GOMAXPROCS
// slot) until sysmon takes it back, which can take milliseconds when the
// process is idle. With several processes running at once, the pipes whose
// process had exited then waited for a P to drain their output: 1000
// `sleep 0.01` at parallelism 8 took 1.15–1.5× as long as with a bare os/exec
// loop (issue 8). Wait, called after this, finds the process already a zombie
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

// exited reports whether the process has exited (or waitid failed), without
// reaping it.
func exited(idType, id int) bool {
	var info unix.Siginfo
	err := unix.Waitid(idType, id, &info, unix.WEXITED|unix.WNOHANG|unix.WNOWAIT, nil)
	return err != nil || info.Signo != 0
}
