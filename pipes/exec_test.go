package pipes

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

func execOut(stdout, stderr string, code int, values map[string]string) cty.Value {
	return execOutput(stdout, stderr, code, values)
}

func TestExec(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeScript(t, filepath.Join(dir, "tool"), "#!/bin/sh\necho tool ran in \"$PWD\"\n")
	binDir := filepath.Join(dir, "bin")
	if err := os.Mkdir(binDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeScript(t, filepath.Join(binDir, "only-in-env-path"), "#!/bin/sh\necho found\n")

	tests := []struct {
		name    string
		args    ExecArgs
		want    cty.Value
		wantErr string // "" for success
	}{
		{
			name: "argv is not split or expanded",
			args: ExecArgs{Command: []string{"printf", "%s|", "a b", "$HOME", "*"}},
			want: execOut("a b|$HOME|*|", "", 0, nil),
		},
		{
			name: "script runs in sh",
			args: ExecArgs{Script: "x=$((1+2)); echo $x | tr 3 y; echo err >&2"},
			want: execOut("y\n", "err\n", 0, nil),
		},
		{
			name: "env is added to the inherited environment",
			args: ExecArgs{Script: `printf '%s/%s/%s' "$GREETING" "$DAGRUN_TEST_INHERITED" "$DAGRUN_PIPE"`, Env: map[string]string{"GREETING": "hi there"}},
			want: execOut("hi there/yes/test_pipe", "", 0, nil),
		},
		{
			name: "attempt number",
			args: ExecArgs{Script: `printf %s "$DAGRUN_ATTEMPT"`},
			want: execOut("1", "", 0, nil),
		},
		{
			name: "dir is relative to the pipeline's directory",
			args: ExecArgs{Command: []string{"pwd"}, Dir: "sub"},
			want: execOut(filepath.Join(dir, "sub")+"\n", "", 0, nil),
		},
		{
			name: "no dir means the pipeline's directory",
			args: ExecArgs{Command: []string{"./tool"}},
			want: execOut("tool ran in "+dir+"\n", "", 0, nil),
		},
		{
			name: "absolute dir",
			args: ExecArgs{Command: []string{"pwd"}, Dir: binDir},
			want: execOut(binDir+"\n", "", 0, nil),
		},
		{
			name: "program found in env's PATH",
			args: ExecArgs{Command: []string{"only-in-env-path"}, Env: map[string]string{"PATH": binDir + ":" + os.Getenv("PATH")}},
			want: execOut("found\n", "", 0, nil),
		},
		{
			name: "stdin",
			args: ExecArgs{Command: []string{"cat"}, Stdin: "line 1\nline 2"},
			want: execOut("line 1\nline 2", "", 0, nil),
		},
		{
			name: "stdin is empty without stdin",
			args: ExecArgs{Command: []string{"wc", "-c"}},
			want: execOut("0\n", "", 0, nil),
		},
		{
			name: "large stdin the process does not read",
			args: ExecArgs{Command: []string{"true"}, Stdin: strings.Repeat("x", 1<<20)},
			want: execOut("", "", 0, nil),
		},
		{
			name: "ok_exit_codes",
			args: ExecArgs{Script: "echo partial; exit 3", OKExitCodes: []int{0, 3}},
			want: execOut("partial\n", "", 3, nil),
		},
		{
			name:    "zero is not ok unless listed",
			args:    ExecArgs{Script: "true", OKExitCodes: []int{1}},
			want:    execOut("", "", 0, nil),
			wantErr: "exit status 0",
		},
		{
			name:    "non-zero exit fails with the output",
			args:    ExecArgs{Script: "echo out; echo first >&2; echo 'it broke' >&2; exit 3"},
			want:    execOut("out\n", "first\nit broke\n", 3, nil),
			wantErr: "exit status 3: it broke\nfirst\nit broke",
		},
		{
			name:    "killed by a signal",
			args:    ExecArgs{Script: "kill -KILL $$"},
			want:    execOut("", "", 137, nil),
			wantErr: "signal: killed (exit code 137)",
		},
		{
			name: "a signal's exit code can be ok",
			args: ExecArgs{Script: "kill -TERM $$", OKExitCodes: []int{143}},
			want: execOut("", "", 143, nil),
		},
		{
			name: "DAGRUN_OUTPUT values",
			args: ExecArgs{Script: `
				echo "name=ann" >> "$DAGRUN_OUTPUT"
				echo "" >> "$DAGRUN_OUTPUT"
				echo "url=https://x/?a=b" >> "$DAGRUN_OUTPUT"
				printf 'notes<<EOF\nline 1\n\nline 3\nEOF\n' >> "$DAGRUN_OUTPUT"
				echo "name=bob" >> "$DAGRUN_OUTPUT"
			`},
			want: execOut("", "", 0, map[string]string{"name": "bob", "url": "https://x/?a=b", "notes": "line 1\n\nline 3"}),
		},
		{
			name: "DAGRUN_OUTPUT removed",
			args: ExecArgs{Script: `rm "$DAGRUN_OUTPUT"`},
			want: execOut("", "", 0, nil),
		},
		{
			name:    "values are kept when the exit code fails",
			args:    ExecArgs{Script: `echo "k=v" > "$DAGRUN_OUTPUT"; exit 1`},
			want:    execOut("", "", 1, map[string]string{"k": "v"}),
			wantErr: "exit status 1",
		},
	}
	t.Setenv("DAGRUN_TEST_INHERITED", "yes")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := runBuiltin(context.Background(), t, Builtins(), "exec", &tt.args, Runtime{Dir: dir})
			if tt.wantErr == "" && err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.wantErr != "" {
				var exitErr *ExitError
				if !errors.As(err, &exitErr) || err.Error() != tt.wantErr {
					t.Errorf("err = %v, want an *ExitError %q", err, tt.wantErr)
				}
				if IsPermanent(err) {
					t.Errorf("err = %v is permanent; an exit code is worth retrying", err)
				}
			}
			if d := diffCty(tt.want, got); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
		})
	}
}

func writeScript(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestExecPermanentErrors(t *testing.T) {
	dir := t.TempDir()
	writeScript(t, filepath.Join(dir, "not-executable"), "echo hi")
	if err := os.Chmod(filepath.Join(dir, "not-executable"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     ExecArgs
		wantArgs []string // arguments the error names; nil when it names none
	}{
		{"command not found", ExecArgs{Command: []string{"dagrun-no-such-program"}}, nil},
		{"relative program missing", ExecArgs{Command: []string{"./missing"}}, nil},
		{"program not executable", ExecArgs{Command: []string{"./not-executable"}}, nil},
		{"dir missing", ExecArgs{Command: []string{"true"}, Dir: "no/such/dir"}, nil},
		{"neither command nor script", ExecArgs{}, []string{"command"}},
		{"both command and script", ExecArgs{Command: []string{"true"}, Script: "true"}, []string{"command"}},
		{"empty command", ExecArgs{Command: []string{}}, []string{"command"}},
		{"empty program", ExecArgs{Command: []string{"", "x"}}, []string{"command"}},
		{"bad env", ExecArgs{Script: "true", Env: map[string]string{"A=B": "x", "DAGRUN_OUTPUT": "/tmp/x"}}, []string{"env", "env"}},
		{"empty ok_exit_codes", ExecArgs{Script: "true", OKExitCodes: []int{}}, []string{"ok_exit_codes"}},
		{"shell without script", ExecArgs{Command: []string{"true"}, Shell: "bash"}, []string{"shell"}},
		{"unknown shell", ExecArgs{Script: "true", Shell: "zsh"}, []string{"shell"}},
		{"error_lines out of range", ExecArgs{Script: "true", ErrorLines: ptr(-1)}, []string{"error_lines"}},
		{"skip code of success", ExecArgs{Script: "true", SkipExitCodes: []int{0, 300}}, []string{"skip_exit_codes", "skip_exit_codes"}},
		{"ok_exit_codes out of range", ExecArgs{Script: "true", OKExitCodes: []int{0, 256, -1}}, []string{"ok_exit_codes", "ok_exit_codes"}},
		{"DAGRUN_OUTPUT replaced by a FIFO", ExecArgs{Script: `rm "$DAGRUN_OUTPUT"; mkfifo "$DAGRUN_OUTPUT"`}, nil},
		{"malformed DAGRUN_OUTPUT", ExecArgs{Script: `echo "k=v" > "$DAGRUN_OUTPUT"; echo oops >> "$DAGRUN_OUTPUT"`}, nil},
	}
	typ, _ := Builtins().Lookup("exec")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := typ.Run(context.Background(), &tt.args, Runtime{Dir: dir, Pipe: "p", Attempt: 1})
			if !IsPermanent(err) {
				t.Fatalf("err = %v, want a permanent error", err)
			}
			if d := cmp.Diff(tt.wantArgs, argNames(err)); d != "" {
				t.Errorf("arguments named by %v (-want +got):\n%s", err, d)
			}
			if tt.wantArgs != nil {
				// The same problems are found at load time.
				if d := cmp.Diff(tt.wantArgs, argNames(Validate(typ, &tt.args))); d != "" {
					t.Errorf("Validate (-want +got):\n%s", d)
				}
			}
		})
	}
}

func TestExecValuesFileRemoved(t *testing.T) {
	args := &ExecArgs{Script: `echo "k=v" >> "$DAGRUN_OUTPUT"; printf %s "$DAGRUN_OUTPUT"`}
	got, err := runBuiltin(context.Background(), t, Builtins(), "exec", args, Runtime{})
	if err != nil {
		t.Fatal(err)
	}
	path := got.GetAttr("stdout").AsString()
	if path == "" {
		t.Fatal("DAGRUN_OUTPUT not set")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("DAGRUN_OUTPUT file %s still there after the attempt (stat: %v)", path, err)
	}
}

func TestExecLog(t *testing.T) {
	var log syncBuffer
	args := &ExecArgs{Script: "echo out 1; echo err 1 >&2; echo out 2; printf tail"}
	if _, err := runBuiltin(context.Background(), t, Builtins(), "exec", args, Runtime{Log: &log}); err != nil {
		t.Fatal(err)
	}
	// Lines of one stream keep their order; each write is whole lines.
	got := log.String()
	for _, want := range []string{"out 1\n", "err 1\n", "out 2\n", "tail"} {
		if !strings.Contains(got, want) {
			t.Errorf("log %q lacks %q", got, want)
		}
	}
	if strings.Index(got, "out 1") > strings.Index(got, "out 2") {
		t.Errorf("log %q: stdout lines out of order", got)
	}
}

func TestExecOutputKeepsTail(t *testing.T) {
	r := NewRegistry()
	cfg := defaultExecConfig()
	cfg.outputLimit = 8
	if err := registerBuiltins(r, cfg); err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	args := &ExecArgs{Script: "printf 0123456789abcdef; printf short >&2"}
	got, err := runBuiltin(context.Background(), t, r, "exec", args, Runtime{Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if d := diffCty(execOut("89abcdef", "short", 0, nil), got); d != "" {
		t.Errorf("output (-want +got):\n%s", d)
	}
	if l := log.String(); !strings.Contains(l, "0123456789abcdef") || !strings.Contains(l, "stdout exceeded 8 bytes") {
		t.Errorf("log = %q, want all of stdout and a truncation note", l)
	}
}

// processGone reports whether pid has exited. A zombie counts as gone: its
// parent (init, here) may be slow to reap it, or not reap it at all.
func processGone(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	return len(fields) > 0 && (fields[0] == "Z" || fields[0] == "X")
}

// waitGone polls until pid is gone; reaping is asynchronous.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	for range 500 {
		if processGone(pid) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	t.Errorf("process %d still running", pid)
}

// readPID waits for the pid a script writes to path.
func readPID(t *testing.T, path string, done <-chan struct{}) int {
	t.Helper()
	for {
		data, err := os.ReadFile(path)
		if s := strings.TrimSpace(string(data)); err == nil && strings.HasSuffix(string(data), "\n") {
			pid, err := strconv.Atoi(s)
			if err != nil {
				t.Fatalf("pid file: %v", err)
			}
			return pid
		}
		select {
		case <-done:
			t.Fatal("the pipe ended before writing its pid file")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// In each way an attempt can wait (forEachWaitMode).
func TestExecCancelKillsProcessGroup(t *testing.T) {
	tests := []struct {
		name   string
		script string
	}{
		{"grandchild", `sleep 30 & echo $! > "$PIDFILE"; wait`},
		{"grandchild ignoring SIGTERM", `trap '' TERM; sleep 30 & echo $! > "$PIDFILE"; wait; wait`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachWaitMode(t, func(t *testing.T, r *Registry) {
				pidFile := filepath.Join(t.TempDir(), "pid")
				args := &ExecArgs{Script: tt.script, Env: map[string]string{"PIDFILE": pidFile}}

				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				done := make(chan struct{})
				var err error
				go func() {
					defer close(done)
					_, err = runBuiltin(ctx, t, r, "exec", args, Runtime{})
				}()
				pid := readPID(t, pidFile, done)
				cancel()
				<-done
				if !errors.Is(err, context.Canceled) || IsPermanent(err) {
					t.Errorf("err = %v, want context.Canceled, not permanent", err)
				}
				waitGone(t, pid)
			})
		})
	}
}

// In each way an attempt can wait (forEachWaitMode): the attempt ends with
// the leader, and kills what is left of its group.
func TestExecLeavesNoProcessBehind(t *testing.T) {
	forEachWaitMode(t, func(t *testing.T, reg *Registry) {
		pidFile := filepath.Join(t.TempDir(), "pid")
		// The background sleep holds stdout open; the pipe must not wait for it.
		args := &ExecArgs{Script: `sleep 30 & echo $! > "$PIDFILE"; echo started`, Env: map[string]string{"PIDFILE": pidFile}}
		got, err := runBuiltin(context.Background(), t, reg, "exec", args, Runtime{})
		if err != nil {
			t.Fatal(err)
		}
		if d := diffCty(execOut("started\n", "", 0, nil), got); d != "" {
			t.Errorf("output (-want +got):\n%s", d)
		}
		waitGone(t, readPID(t, pidFile, nil))
	})
}

func TestExecTimeout(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	got, err := runBuiltin(ctx, t, Builtins(), "exec", &ExecArgs{Script: "echo begun; sleep 30"}, Runtime{})
	if !errors.Is(err, context.DeadlineExceeded) || IsPermanent(err) {
		t.Fatalf("err = %v, want context.DeadlineExceeded, not permanent", err)
	}
	if s := got.GetAttr("stdout").AsString(); s != "begun\n" {
		t.Errorf("stdout = %q, want what was written before the timeout", s)
	}
}

func TestExecContextDoneBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := runBuiltin(ctx, t, Builtins(), "exec", &ExecArgs{Command: []string{"true"}}, Runtime{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestExecCancelCause(t *testing.T) {
	cause := errors.New("run interrupted")
	ctx, cancel := context.WithCancelCause(context.Background())
	go func() {
		time.Sleep(20 * time.Millisecond)
		cancel(cause)
	}()
	_, err := runBuiltin(ctx, t, Builtins(), "exec", &ExecArgs{Script: "sleep 30"}, Runtime{})
	if !errors.Is(err, context.Canceled) || !errors.Is(err, cause) {
		t.Fatalf("err = %v, want context.Canceled and the cause", err)
	}
}

// With a private run directory the output file is only named: the process
// creates it when it writes values; it is gone after the attempt either way.
func TestExecValuesInPrivateDir(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		script string
		want   map[string]string
	}{
		{`echo "k=v" >> "$DAGRUN_OUTPUT"; printf %s "$DAGRUN_OUTPUT"`, map[string]string{"k": "v"}},
		{`test ! -e "$DAGRUN_OUTPUT" && printf %s "$DAGRUN_OUTPUT"`, map[string]string{}},
	} {
		got, err := runBuiltin(context.Background(), t, Builtins(), "exec", &ExecArgs{Script: tc.script}, Runtime{TempDir: dir})
		if err != nil {
			t.Fatalf("%s: %v", tc.script, err)
		}
		path := got.GetAttr("stdout").AsString()
		if filepath.Dir(path) != dir {
			t.Errorf("DAGRUN_OUTPUT %q is not in the run's directory %s", path, dir)
		}
		values := map[string]string{}
		for k, v := range got.GetAttr("values").AsValueMap() {
			values[k] = v.AsString()
		}
		if !maps.Equal(values, tc.want) {
			t.Errorf("%s: values %v, want %v", tc.script, values, tc.want)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("DAGRUN_OUTPUT file %s still there (stat: %v)", path, err)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// A script stops at its first failing command (sh -e); bash also fails a
// pipeline whose first command fails (pipefail); set +e opts out.
func TestExecScriptStopsAtFailure(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     ExecArgs
		wantCode int // 0: succeeds
		stdout   string
	}{
		{"sh stops", ExecArgs{Script: "echo before; false; echo after"}, 1, "before\n"},
		{"sh pipeline: the last command decides", ExecArgs{Script: "false | true; echo after"}, 0, "after\n"},
		{"bash pipefail", ExecArgs{Script: "false | true; echo after", Shell: "bash"}, 1, ""},
		{"set +e goes on", ExecArgs{Script: "set +e; false; echo after"}, 0, "after\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.args.Shell == "bash" {
				if _, err := exec.LookPath("bash"); err != nil {
					t.Skip("no bash on PATH")
				}
			}
			got, err := runBuiltin(context.Background(), t, Builtins(), "exec", &tt.args, Runtime{Dir: dir})
			var exitErr *ExitError
			switch {
			case tt.wantCode == 0 && err != nil:
				t.Fatalf("err = %v", err)
			case tt.wantCode != 0 && (!errors.As(err, &exitErr) || exitErr.Code != tt.wantCode):
				t.Fatalf("err = %v, want exit status %d", err, tt.wantCode)
			}
			if out := got.GetAttr("stdout").AsString(); out != tt.stdout {
				t.Errorf("stdout = %q, want %q", out, tt.stdout)
			}
		})
	}
}

// A failed attempt's error carries the last lines of its stderr (of its
// stdout when stderr is empty): the compiler's message, not only its caret.
func TestExecErrorTail(t *testing.T) {
	dir := t.TempDir()
	gcc := `for i in $(seq 1 25); do echo "io.c:$i: error: expected ';'" >&2; done; echo "    |      ^" >&2; exit 1`
	tests := []struct {
		name string
		args ExecArgs
		want []string
	}{
		{"last 20 of stderr", ExecArgs{Script: gcc}, append(func() []string {
			var l []string
			for i := 7; i <= 25; i++ {
				l = append(l, fmt.Sprintf("io.c:%d: error: expected ';'", i))
			}
			return l
		}(), "    |      ^")},
		{"error_lines", ExecArgs{Script: gcc, ErrorLines: ptr(2)}, []string{"io.c:25: error: expected ';'", "    |      ^"}},
		{"none", ExecArgs{Script: gcc, ErrorLines: ptr(0)}, nil},
		{"stdout when stderr is empty", ExecArgs{Script: "echo one; echo two; exit 2"}, []string{"one", "two"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runBuiltin(context.Background(), t, Builtins(), "exec", &tt.args, Runtime{Dir: dir})
			var exitErr *ExitError
			if !errors.As(err, &exitErr) {
				t.Fatalf("err = %v, want an *ExitError", err)
			}
			if diff := cmp.Diff(tt.want, exitErr.Tail); diff != "" {
				t.Errorf("tail (-want +got):\n%s", diff)
			}
			if lines := strings.Split(err.Error(), "\n"); len(lines) != 1+len(tt.want) {
				t.Errorf("error has %d lines, want the summary and %d: %q", len(lines), len(tt.want), err.Error())
			}
		})
	}
}

// An exit code of skip_exit_codes ends the attempt with a Skip, the output
// kept; another code still fails.
func TestExecSkipExitCodes(t *testing.T) {
	dir := t.TempDir()
	args := ExecArgs{Script: "echo nothing new; exit 99", SkipExitCodes: []int{99}}
	out, err := runBuiltin(context.Background(), t, Builtins(), "exec", &args, Runtime{Dir: dir})
	if !IsSkip(err) || err.Error() != "exit status 99" || IsPermanent(err) {
		t.Fatalf("err = %v, want a skip", err)
	}
	if got := out.GetAttr("stdout").AsString(); got != "nothing new\n" {
		t.Errorf("stdout = %q", got)
	}
	args.Script = "exit 98"
	if _, err := runBuiltin(context.Background(), t, Builtins(), "exec", &args, Runtime{Dir: dir}); IsSkip(err) || err == nil {
		t.Errorf("exit 98: err = %v, want a failure", err)
	}
}

// With retry_on_exit_codes, a failure with another code is permanent (not
// retried); one with a listed code is retried.
func TestExecRetryOnExitCodes(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		code      int
		permanent bool
	}{{1, true}, {75, false}} {
		args := ExecArgs{Script: fmt.Sprintf("exit %d", tt.code), RetryOnExitCodes: []int{75}}
		_, err := runBuiltin(context.Background(), t, Builtins(), "exec", &args, Runtime{Dir: dir})
		var exitErr *ExitError
		if !errors.As(err, &exitErr) || exitErr.Code != tt.code || IsPermanent(err) != tt.permanent {
			t.Errorf("exit %d: err = %v (permanent %v), want permanent %v", tt.code, err, IsPermanent(err), tt.permanent)
		}
	}
}
