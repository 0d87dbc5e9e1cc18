package pipes

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// waitModes are the three ways runExec waits for a process, chosen by the
// number of Ps it compares the running processes with (execConfig.procs): a
// lone attempt relays its output itself when procs is large, waits in waitid
// when procs is 1, and through the poller (awaitExit) when procs is below 1.
var waitModes = []struct {
	name  string
	procs int
}{
	{"relay", 1 << 20},
	{"waitid", 1},
	{"poller", -1},
}

// forEachWaitMode runs f with a registry whose exec type waits in each mode.
func forEachWaitMode(t *testing.T, f func(t *testing.T, reg *Registry)) {
	for _, m := range waitModes {
		t.Run(m.name, func(t *testing.T) {
			reg := NewRegistry()
			cfg := defaultExecConfig()
			cfg.procs = m.procs
			cfg.killGrace = 100 * time.Millisecond
			cfg.drainWait = 200 * time.Millisecond
			if err := registerBuiltins(reg, cfg); err != nil {
				t.Fatal(err)
			}
			returned(t, func() { f(t, reg) })
		})
	}
}

// TestExecWaitModes runs exec's output handling in each way an attempt can
// wait; TestExecCancelKillsProcessGroup and TestExecLeavesNoProcessBehind
// do the same for cancellation and for a grandchild holding stdout.
func TestExecWaitModes(t *testing.T) {
	t.Run("output and log", func(t *testing.T) {
		forEachWaitMode(t, func(t *testing.T, reg *Registry) {
			var log syncBuffer
			args := &ExecArgs{Script: "echo out 1; echo err 1 >&2; echo out 2; printf tail; exit 3", OKExitCodes: []int{3}}
			got, err := runBuiltin(context.Background(), t, reg, "exec", args, Runtime{Log: &log})
			if err != nil {
				t.Fatal(err)
			}
			if d := diffCty(execOut("out 1\nout 2\ntail", "err 1\n", 3, nil), got); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
			l := log.String()
			for _, want := range []string{"out 1\n", "err 1\n", "out 2\n", "tail"} {
				if !strings.Contains(l, want) {
					t.Errorf("log %q lacks %q", l, want)
				}
			}
		})
	})
	// More than a pipe's buffer on both streams: the process blocks unless
	// both are read while it runs.
	t.Run("large output on both streams", func(t *testing.T) {
		forEachWaitMode(t, func(t *testing.T, reg *Registry) {
			args := &ExecArgs{Script: "head -c 300000 /dev/zero | tr '\\0' o; head -c 300000 /dev/zero | tr '\\0' e >&2; echo done"}
			got, err := runBuiltin(context.Background(), t, reg, "exec", args, Runtime{})
			if err != nil {
				t.Fatal(err)
			}
			stdout, stderr := got.GetAttr("stdout").AsString(), got.GetAttr("stderr").AsString()
			if len(stdout) != 300005 || !strings.HasSuffix(stdout, "odone\n") || len(stderr) != 300000 {
				t.Errorf("got %d bytes of stdout (ending %q), %d of stderr; want 300005 and 300000", len(stdout), stdout[max(0, len(stdout)-8):], len(stderr))
			}
		})
	})
	// The process closes its streams and goes on running: the attempt waits
	// for its exit.
	t.Run("streams closed before exit", func(t *testing.T) {
		forEachWaitMode(t, func(t *testing.T, reg *Registry) {
			args := &ExecArgs{Script: "echo early; exec >&- 2>&-; sleep 0.2; exit 4"}
			got, err := runBuiltin(context.Background(), t, reg, "exec", args, Runtime{})
			var exitErr *ExitError
			if !errors.As(err, &exitErr) || exitErr.Code != 4 {
				t.Fatalf("err = %v, want exit code 4", err)
			}
			if d := diffCty(execOut("early\n", "", 4, nil), got); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
		})
	})
	// A process that left the group (setsid) keeps stdout open and is not
	// killed: the attempt stops reading after drainWait.
	t.Run("daemon outside the group", func(t *testing.T) {
		if _, err := lookProgram("setsid", []string{"PATH=/usr/bin:/bin"}); err != nil {
			t.Skip("no setsid here")
		}
		forEachWaitMode(t, func(t *testing.T, reg *Registry) {
			pidFile := filepath.Join(t.TempDir(), "pid")
			args := &ExecArgs{Script: `setsid sh -c 'echo $$ > "$PIDFILE"; exec sleep 30' & sleep 0.1; echo leader done`, Env: map[string]string{"PIDFILE": pidFile}}
			got, err := runBuiltin(context.Background(), t, reg, "exec", args, Runtime{})
			if err != nil {
				t.Fatal(err)
			}
			if d := diffCty(execOut("leader done\n", "", 0, nil), got); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
			pid := readPID(t, pidFile, nil)
			if processGone(pid) {
				t.Errorf("the daemon %d was killed; it left the group", pid)
			}
			_ = syscall.Kill(pid, syscall.SIGKILL)
		})
	})
	t.Run("stdin", func(t *testing.T) {
		forEachWaitMode(t, func(t *testing.T, reg *Registry) {
			got, err := runBuiltin(context.Background(), t, reg, "exec", &ExecArgs{Command: []string{"cat"}, Stdin: "in\n"}, Runtime{})
			if err != nil {
				t.Fatal(err)
			}
			if d := diffCty(execOut("in\n", "", 0, nil), got); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
		})
	})
	t.Run("no stdin reads /dev/null", func(t *testing.T) {
		forEachWaitMode(t, func(t *testing.T, reg *Registry) {
			// cat ends at once on an empty input; the stdin it got is /dev/null.
			args := &ExecArgs{Script: `cat; readlink /proc/self/fd/0 || echo /dev/null`}
			got, err := runBuiltin(context.Background(), t, reg, "exec", args, Runtime{})
			if err != nil {
				t.Fatal(err)
			}
			if d := diffCty(execOut("/dev/null\n", "", 0, nil), got); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
		})
	})
}

// returned fails the test when f has not returned after a minute: a hang, not a
// slow machine.
func returned(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("did not return within a minute")
	}
}

// Without a pidfd the relay is not possible and its blocking pipes go to the
// poller: closing one then stops a read that would otherwise wait for a
// writer that never writes nor exits.
func TestMakePollableCloseStopsRead(t *testing.T) {
	s, err := newExecStreams("", true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.closeAll()
	if err := s.makePollable(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.childStdout.WriteString("x"); err != nil {
		t.Fatal(err)
	}
	read := make(chan error, 1)
	go func() {
		buf := make([]byte, 8)
		if n, err := s.stdout.Read(buf); n != 1 || err != nil {
			read <- fmt.Errorf("first read: %d bytes, %v; want 1 byte", n, err)
			return
		}
		_, err := s.stdout.Read(buf) // the writer stays open: this waits
		read <- err
	}()
	time.Sleep(20 * time.Millisecond)
	s.stdout.Close()
	returned(t, func() {
		if err := <-read; !errors.Is(err, os.ErrClosed) {
			t.Errorf("read after close: %v, want os.ErrClosed", err)
		}
	})
}

// The stdin writer may end before the output pumps start: the attempt must
// still count them right (a count that reached zero twice closed a closed
// channel). Each run is a race, so there are many.
func TestExecStdinEndsFirst(t *testing.T) {
	forEachWaitMode(t, func(t *testing.T, reg *Registry) {
		for range 300 {
			got, err := runBuiltin(context.Background(), t, reg, "exec", &ExecArgs{Command: []string{"cat"}, Stdin: "x"}, Runtime{})
			if err != nil {
				t.Fatal(err)
			}
			if s := got.GetAttr("stdout").AsString(); s != "x" {
				t.Fatalf("stdout = %q, want %q", s, "x")
			}
		}
	})
}
