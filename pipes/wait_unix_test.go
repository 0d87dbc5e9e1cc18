//go:build unix

package pipes

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Cancelling a poll kills its command's process group: the command's child
// (sleep, in the background of sh) is gone when the poll has ended.
func TestWaitCommandCancelKillsGroup(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := newWaitPipe().run(ctx, &WaitArgs{Command: []string{"sh", "-c", "sleep 60 & echo $! > pid; wait"}}, Runtime{Dir: dir})
		done <- err
	}()
	var pid int
	for pid == 0 {
		if b, err := os.ReadFile(filepath.Join(dir, "pid")); err == nil && strings.HasSuffix(string(b), "\n") {
			pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
			break
		}
		time.Sleep(5 * time.Millisecond) // polling for the command to start
	}
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the cancelled poll succeeded")
	} else if _, notYet := AsNotYet(err); notYet {
		t.Fatalf("err %v: want the cancellation", err)
	}
	// Killed: gone, or a zombie until it is reaped. The limit guards
	// against hanging; it is not a measure of speed.
	for limit := time.Now().Add(10 * time.Second); time.Now().Before(limit); time.Sleep(10 * time.Millisecond) {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return
		}
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if os.IsNotExist(err) {
			return
		}
		if err != nil {
			t.Skipf("cannot tell whether process %d is a zombie: %v", pid, err)
		}
		if _, rest, _ := strings.Cut(string(stat[strings.LastIndexByte(string(stat), ')')+1:]), " "); strings.HasPrefix(rest, "Z") {
			return
		}
	}
	t.Fatalf("the command's child %d still runs after the poll was cancelled", pid)
}
