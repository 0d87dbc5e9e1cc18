package pipes

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// awaitExit must return for a process that exited before it was called: the
// poller's readiness for it may come and go before the wait starts.
func TestAwaitExitAfterExit(t *testing.T) {
	cmd := exec.Command("/bin/true")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Until Wait, the exited process stays a zombie (state Z).
	for {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/stat")
		if err != nil {
			t.Fatal(err)
		}
		if f := strings.Fields(string(b)); len(f) > 2 && f[2] == "Z" {
			break
		}
		time.Sleep(time.Millisecond)
	}
	returned(t, func() { awaitExit(cmd.Process.Pid) })
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
}

// Many short processes at once: every wait ends, whenever the process's exit
// lands relative to it (a lost wake-up once hung `apply` with a zombie).
func TestAwaitExitShortProcesses(t *testing.T) {
	returned(t, func() {
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 300 {
					cmd := exec.Command("/bin/true")
					if err := cmd.Start(); err != nil {
						t.Error(err)
						return
					}
					awaitExit(cmd.Process.Pid)
					if err := cmd.Wait(); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
	})
}

// More exec attempts at once than Ps go through awaitExit; all of them end.
// They share one registry: its exec type counts the running processes.
func TestExecManyAtOnce(t *testing.T) {
	reg := Builtins()
	args := &ExecArgs{Command: []string{"/bin/true"}}
	n := 2*runtime.GOMAXPROCS(0) + 2
	returned(t, func() {
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				for range 100 {
					if _, err := runBuiltin(context.Background(), t, reg, "exec", args, Runtime{}); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
	})
}

// pollExit reports a process's exit within its wait, and gives up, false,
// on a process that is still running when the wait is over.
func TestPollExit(t *testing.T) {
	cmd := exec.Command("sleep", "10")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	fd, err := unix.PidfdOpen(cmd.Process.Pid, unix.PIDFD_NONBLOCK)
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Skipf("no pidfd here: %v", err)
	}
	defer unix.Close(fd)
	if pollExit(fd, 5*time.Millisecond) {
		t.Error("pollExit reported the exit of a process that is still running")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if !pollExit(fd, time.Minute) {
		t.Error("pollExit did not report the exit of a killed process")
	}
	if !exited(unix.P_PID, cmd.Process.Pid) {
		t.Error("pollExit returned before the process exited")
	}
	cmd.Wait()
}
