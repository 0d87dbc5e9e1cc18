package pipes

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/zclconf/go-cty/cty"
)

// ExecOutputLimit is how much of each of stdout and stderr an exec pipe keeps in
// its output. Past it the output keeps the last ExecOutputLimit bytes (the end of
// a process's output is where its errors and results usually are); the log still
// receives everything.
const ExecOutputLimit = 4 << 20

// ExecValuesLimit is the largest $DAGRUN_OUTPUT file an exec pipe reads.
const ExecValuesLimit = 4 << 20

// ExecKillGrace is how long a cancelled exec pipe's process has between SIGTERM
// and SIGKILL.
const ExecKillGrace = 5 * time.Second

// ExecArgs are the arguments of the exec pipe type, which runs a program
// (command) or a shell script (script).
//
// The process inherits dagrun's environment (less the variables
// BuiltinOptions.ExecHideEnv names) plus env, and DAGRUN_PIPE (the
// pipe's task name), DAGRUN_ATTEMPT (1, 2, ...), DAGRUN_RUN_ID (the run's id),
// DAGRUN_PIPELINE (the pipeline's name) and DAGRUN_OUTPUT (a new empty file
// per attempt, removed afterwards). Its stdout and stderr go to the pipe's
// log as they are written (each log write holds whole lines of one stream) and
// into the output, which keeps the last ExecOutputLimit bytes of each.
//
// The output is {stdout, stderr, exit_code, values}: strings (invalid UTF-8
// replaced by U+FFFD), a number, and a map of strings read from $DAGRUN_OUTPUT
// in the format of GitHub Actions' $GITHUB_OUTPUT: key=value lines, and
// key<<DELIMITER ... DELIMITER for multi-line values; blank lines are skipped; a
// key given twice keeps its last value; any other line fails the attempt with a
// permanent error.
//
// An exit code not in ok_exit_codes fails the attempt with an *ExitError, which
// is retried; the output is still returned. Bad arguments, a program that is not
// found or not executable, and a missing dir fail it with a permanent error.
//
// The process runs in its own process group. When the attempt's context ends
// (timeout or cancellation) the group gets SIGTERM, then SIGKILL once the
// process has exited or ExecKillGrace has passed, and the attempt's error wraps
// the context's error (context.DeadlineExceeded or context.Canceled). When the
// process exits on its own, what is left of its group is killed: an attempt
// leaves no processes behind. A daemon meant to outlive its pipe must leave the
// group (setsid) and close or redirect its stdout and stderr.
type ExecArgs struct {
	Command          []string          `hcl:"command,optional" doc:"program and its arguments, run directly: no shell, no word splitting. A program without a slash is looked up in PATH (env's PATH when env sets one); one with a slash is relative to dir. Exactly one of command and script."`
	Script           string            `hcl:"script,optional" doc:"shell script, run by shell. It stops at the first command that fails, as make and GitHub Actions do: start it with set +e to go on after a failure. Exactly one of command and script."`
	Shell            string            `hcl:"shell,optional" default:"\"sh\"" doc:"the shell that runs script: sh (/bin/sh -e -c) or bash (bash -e -o pipefail -c: a pipeline fails when any of its commands does), bash looked up in PATH"`
	Dir              string            `hcl:"dir,optional" default:"the pipeline's directory" doc:"working directory; a relative path is relative to the pipeline's directory"`
	Env              map[string]string `hcl:"env,optional" doc:"environment variables set on top of the inherited environment (dagrun's, without DAGRUN_TOKEN). DAGRUN_PIPE, DAGRUN_ATTEMPT, DAGRUN_OUTPUT, DAGRUN_RUN_ID and DAGRUN_PIPELINE are set by dagrun and may not be given."`
	Stdin            string            `hcl:"stdin,optional" doc:"text written to the process's standard input; without it the process reads an empty input"`
	OKExitCodes      []int             `hcl:"ok_exit_codes,optional" default:"[0]" doc:"exit codes that count as success. A process killed by signal N has exit code 128+N, as in a shell."`
	RetryOnExitCodes []int             `hcl:"retry_on_exit_codes,optional" doc:"exit codes of failure worth a retry; a failure with another code is not retried. Unset: every failure is retried."`
	SkipExitCodes    []int             `hcl:"skip_exit_codes,optional" doc:"exit codes with which the pipe skips itself: it ends skipped (reason self), is not retried, and its dependents see a skipped upstream. Not also in ok_exit_codes."`
	ErrorLines       *int              `hcl:"error_lines,optional" default:"20" doc:"how many of the last lines of its stderr (of its stdout when stderr is empty) a failed attempt's error carries, so that the views, the JSON events, the journal and runs show show why it failed; 0: none"`
}

// execEnvSetByDagrun are the variables exec sets for the process itself.
var execEnvSetByDagrun = []string{"DAGRUN_PIPE", "DAGRUN_ATTEMPT", "DAGRUN_OUTPUT", "DAGRUN_RUN_ID", "DAGRUN_PIPELINE"}

// checkExec validates exec arguments; see Type.Check.
func checkExec(a *ExecArgs) error {
	var errs []error
	switch {
	case a.Command != nil && a.Script != "":
		errs = append(errs, argErrorf("command", "command and script are both set; use one"))
	case a.Command == nil && a.Script == "":
		errs = append(errs, argErrorf("command", "one of command and script is required"))
	case a.Command != nil && len(a.Command) == 0:
		errs = append(errs, argErrorf("command", "must not be empty"))
	case a.Command != nil && a.Command[0] == "":
		errs = append(errs, argErrorf("command", "the program (first element) must not be empty"))
	}
	for i, s := range a.Command {
		if strings.IndexByte(s, 0) >= 0 {
			errs = append(errs, argErrorf("command", "element %d contains a NUL byte", i))
		}
	}
	if strings.IndexByte(a.Script, 0) >= 0 {
		errs = append(errs, argErrorf("script", "contains a NUL byte"))
	}
	if strings.IndexByte(a.Dir, 0) >= 0 {
		errs = append(errs, argErrorf("dir", "contains a NUL byte"))
	}
	for _, k := range slices.Sorted(maps.Keys(a.Env)) {
		switch {
		case k == "" || strings.ContainsAny(k, "=\x00"):
			errs = append(errs, argErrorf("env", "%q is not a valid variable name", k))
		case slices.Contains(execEnvSetByDagrun, k):
			errs = append(errs, argErrorf("env", "%s is set by dagrun", k))
		case strings.IndexByte(a.Env[k], 0) >= 0:
			errs = append(errs, argErrorf("env", "the value of %s contains a NUL byte", k))
		}
	}
	switch {
	case a.Shell != "" && a.Script == "":
		errs = append(errs, argErrorf("shell", "is for script; command runs without a shell"))
	case a.Shell != "" && a.Shell != "sh" && a.Shell != "bash":
		errs = append(errs, argErrorf("shell", "%q is not a shell dagrun knows: use \"sh\" or \"bash\"", a.Shell))
	}
	if a.ErrorLines != nil && (*a.ErrorLines < 0 || *a.ErrorLines > maxErrorLines) {
		errs = append(errs, argErrorf("error_lines", "%d is not between 0 and %d", *a.ErrorLines, maxErrorLines))
	}
	if a.OKExitCodes != nil && len(a.OKExitCodes) == 0 {
		errs = append(errs, argErrorf("ok_exit_codes", "must not be empty"))
	}
	for _, c := range a.OKExitCodes {
		if c < 0 || c > 255 {
			errs = append(errs, argErrorf("ok_exit_codes", "%d is not an exit code (0-255)", c))
		}
	}
	if a.RetryOnExitCodes != nil && len(a.RetryOnExitCodes) == 0 {
		errs = append(errs, argErrorf("retry_on_exit_codes", "must not be empty (leave it out to retry every failure)"))
	}
	for _, c := range a.RetryOnExitCodes {
		if c < 0 || c > 255 {
			errs = append(errs, argErrorf("retry_on_exit_codes", "%d is not an exit code (0-255)", c))
		}
	}
	for _, c := range a.SkipExitCodes {
		switch {
		case c < 0 || c > 255:
			errs = append(errs, argErrorf("skip_exit_codes", "%d is not an exit code (0-255)", c))
		case slices.Contains(a.OKExitCodes, c) || a.OKExitCodes == nil && c == 0:
			errs = append(errs, argErrorf("skip_exit_codes", "%d is also an exit code of success (ok_exit_codes)", c))
		}
	}
	return errors.Join(errs...)
}

// ExitError is the error of an exec attempt whose process ended with an exit
// code not in ok_exit_codes. It is not permanent: the attempt is retried.
type ExitError struct {
	// Code is the exit code; 128+N for a process killed by signal N.
	Code int
	// Signal is the signal that killed the process, or 0.
	Signal syscall.Signal
	// LastStderrLine is the last non-blank line the process wrote to stderr
	// (at most 200 bytes), to say why without reading the log.
	LastStderrLine string
	// Tail is the last lines of its stderr, or of its stdout when it wrote
	// nothing to stderr (ExecArgs.ErrorLines, each at most 200 bytes).
	Tail []string
}

func (e *ExitError) Error() string {
	msg := "exit status " + strconv.Itoa(e.Code)
	if e.Signal != 0 {
		msg = fmt.Sprintf("signal: %v (exit code %d)", e.Signal, e.Code)
	}
	if e.LastStderrLine != "" {
		msg += ": " + e.LastStderrLine
	}
	// The first line says what happened; the tail follows, a line each, for
	// views that show more than the first line (not when it is only the line
	// the first one quotes).
	if len(e.Tail) == 1 && e.Tail[0] == e.LastStderrLine {
		return msg
	}
	for _, l := range e.Tail {
		msg += "\n" + l
	}
	return msg
}

// maxErrorLines bounds ExecArgs.ErrorLines: an error is kept whole in the
// journal and in events.
const maxErrorLines = 200

// tailLines returns the last n non-blank lines of s (trailing blanks
// dropped), each cut at max bytes.
func tailLines(s string, n, max int) []string {
	if n <= 0 {
		return nil
	}
	lines := strings.Split(strings.TrimRight(s, " \t\r\n"), "\n")
	if len(lines) == 1 && lines[0] == "" {
		return nil
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if len(l) > max {
			l = strings.ToValidUTF8(l[:max], "") + "…"
		}
		out[i] = l
	}
	return out
}

// execConfig holds the limits of an exec type (tests shorten them) and the
// count of its running processes, shared by every attempt of the type.
type execConfig struct {
	outputLimit int
	valuesLimit int64
	killGrace   time.Duration
	// drainWait bounds the wait for stdout/stderr to reach EOF once the process
	// group is dead: a process that left the group (setsid) may hold them open.
	drainWait time.Duration
	// logLineMax is the longest partial line held back from the log.
	logLineMax int
	// running counts the type's processes between start and reaping; procs
	// is the count of Ps it is compared with (0: GOMAXPROCS; tests set it to
	// choose how runExec waits). See runExec.
	running *atomic.Int32
	procs   int
	// hideEnv are variables of this process's environment that the
	// processes do not inherit (BuiltinOptions.ExecHideEnv).
	hideEnv []string
}

func defaultExecConfig() execConfig {
	return execConfig{
		outputLimit: ExecOutputLimit,
		valuesLimit: ExecValuesLimit,
		killGrace:   ExecKillGrace,
		drainWait:   time.Second,
		logLineMax:  64 << 10,
		running:     new(atomic.Int32),
	}
}

// runExec runs one attempt of an exec pipe.
//
// The process is started in its own process group. When ctx is done the group
// gets SIGTERM, and SIGKILL once the group leader has exited or cfg.killGrace has
// passed. When the leader exits on its own, whatever is left of its group is
// killed too: an attempt leaves no processes behind (a daemon that must outlive
// its pipe has to leave the group, e.g. with setsid, and close stdout/stderr).
func runExec(ctx context.Context, a *ExecArgs, rt Runtime, cfg execConfig) (cty.Value, error) {
	if err := checkExec(a); err != nil {
		return cty.NilVal, Permanent(err)
	}

	valuesPath, err := outputPath(rt.TempDir)
	if err != nil {
		return cty.NilVal, fmt.Errorf("exec: creating the DAGRUN_OUTPUT file: %w", err)
	}
	valuesGone := false // readValues found no file: nothing to remove
	defer func() {
		if valuesGone {
			return
		}
		// One unlink, not os.Remove's unlink and rmdir: mostly there is no file.
		if err := syscall.Unlink(valuesPath); err != nil && err != syscall.ENOENT {
			_ = os.Remove(valuesPath)
		}
	}()

	env := inheritedEnv(cfg.hideEnv)
	for _, k := range slices.Sorted(maps.Keys(a.Env)) {
		env = append(env, k+"="+a.Env[k])
	}
	env = append(env,
		"DAGRUN_PIPE="+rt.Pipe,
		"DAGRUN_ATTEMPT="+strconv.Itoa(rt.Attempt),
		"DAGRUN_OUTPUT="+valuesPath,
		"DAGRUN_RUN_ID="+rt.RunID,
		"DAGRUN_PIPELINE="+rt.Pipeline,
	)
	env = appendTraceContext(ctx, env)

	argv, name := []string{"/bin/sh", "-e", "-c", a.Script}, "script"
	if a.Shell == "bash" {
		argv = []string{"bash", "-e", "-o", "pipefail", "-c", a.Script}
	}
	if a.Script == "" {
		argv, name = a.Command, a.Command[0]
	}
	program, err := lookProgram(argv[0], env)
	if err != nil {
		return cty.NilVal, Permanent(fmt.Errorf("exec: %w", err))
	}

	// exec.Command, not CommandContext: the context is watched by a
	// context.AfterFunc below, which costs no goroutine per process.
	cmd := exec.Command(program, argv[1:]...)
	cmd.Args[0] = argv[0]
	cmd.Dir = resolveDir(rt.Dir, a.Dir)
	cmd.Env = env
	cmd.SysProcAttr = ownProcessGroup()

	// How the attempt waits depends on n, the number of the type's processes
	// running (counted from here to the reaping) against the number of Ps:
	//   - n < Ps: this goroutine relays the output itself, blocked in poll(2)
	//     (relayOutput), and a P stays free for the rest of the engine;
	//   - n == Ps: two goroutines copy the output through the runtime's
	//     poller and this one waits in waitid;
	//   - n > Ps: the same, but the wait goes through the poller too
	//     (awaitExit), after at most exitBlock in poll(2), so that the waits
	//     do not hold every P.
	// docs/design.md has the measurements behind each.
	n, procs := int(cfg.running.Add(1)), cfg.procs
	if procs == 0 {
		procs = runtime.GOMAXPROCS(0)
	}
	many := n > procs
	uncount := sync.OnceFunc(func() { cfg.running.Add(-1) })
	defer uncount()

	// Our own pipes rather than exec.Cmd's: Wait then returns as soon as the
	// leader exits, so the rest of the group can be killed before draining.
	streams, err := newExecStreams(a.Stdin, relaySupported && n < procs)
	if err != nil {
		return cty.NilVal, fmt.Errorf("exec: %w", err)
	}
	defer streams.closeAll()
	cmd.Stdout, cmd.Stderr = streams.childStdout, streams.childStderr
	cmd.Stdin = streams.childStdin

	if err := ctx.Err(); err != nil {
		return cty.NilVal, fmt.Errorf("exec: %w", err)
	}
	err = cmd.Start()
	// A relayed process's stdout and stderr stay open here too until it is
	// reaped: their close then does not wake the relay before the process's
	// exit does, a second time (see relayOutput).
	streams.closeChildEnds(err == nil && streams.raw)
	if err != nil {
		if ctx.Err() != nil {
			return cty.NilVal, fmt.Errorf("exec: %w", ctx.Err())
		}
		err = fmt.Errorf("exec: %w", err)
		if startErrorIsPermanent(err) {
			return cty.NilVal, Permanent(err)
		}
		return cty.NilVal, err
	}
	kill := watchGroup(ctx, cmd.Process.Pid, cfg.killGrace)

	if rt.Track != nil {
		release := rt.Track(cmd.Process.Pid)
		defer release()
	}
	log := &lockedWriter{w: rt.LogWriter()}
	stdout := &tailBuffer{name: "stdout", limit: cfg.outputLimit}
	stderr := &tailBuffer{name: "stderr", limit: cfg.outputLimit}
	sinks := [2]*outputSink{
		{capture: stdout, log: &lineForwarder{out: log, max: cfg.logLineMax}},
		{capture: stderr, log: &lineForwarder{out: log, max: cfg.logLineMax}},
	}
	// streaming counts the I/O goroutines, and holds one more count while
	// they are being started: a stdin writer that ends before the pumps
	// start must not make the count reach zero twice.
	streaming := newStreaming()
	streaming.add(1)
	if streams.stdin != nil {
		streaming.add(1)
		go func() {
			defer streaming.done()
			streams.writeStdin(a.Stdin)
		}()
	}

	var waitErr error
	var signalled bool
	reap := func() {
		waitErr = cmd.Wait()
		uncount()
		signalled = kill.leaderExited()
		streams.closeChildEnds(false)
	}
	if !streams.raw || !relayOutput(cmd.Process.Pid, [2]*os.File{streams.stdout, streams.stderr}, sinks, reap, cfg.drainWait) {
		streams.closeChildEnds(false)
		if err := streams.makePollable(); err != nil {
			// Copying from blocking pipes works, but closing them cannot
			// stop a read that a process outside the group keeps waiting.
			fmt.Fprintf(log, "dagrun: exec: %v\n", err)
		}
		streaming.add(2)
		for i, f := range [2]*os.File{streams.stdout, streams.stderr} {
			go func() {
				defer streaming.done()
				pump(f, sinks[i])
			}()
		}
		if many {
			awaitExit(cmd.Process.Pid)
		}
		reap()
	}
	streaming.done() // all started
	streams.drain(streaming, cfg.drainWait)

	values, found, valuesErr := readValues(valuesPath, cfg.valuesLimit)
	valuesGone = !found && valuesErr == nil
	for _, b := range []*tailBuffer{stdout, stderr} {
		if b.truncated() {
			fmt.Fprintf(log, "dagrun: %s exceeded %d bytes; the pipe's output keeps only its last %d bytes\n", b.name, b.limit, b.limit)
		}
	}

	code, sig := exitCode(cmd.ProcessState)
	stderrText := stderr.String()
	out := execOutput(stdout.String(), stderrText, code, values)

	var exitErr *exec.ExitError
	switch {
	case signalled && ctx.Err() != nil:
		err := fmt.Errorf("exec: %s: process group killed: %w", name, ctx.Err())
		if cause := context.Cause(ctx); cause != nil && cause != ctx.Err() {
			err = fmt.Errorf("%w (%w)", err, cause)
		}
		return out, err
	case waitErr != nil && !errors.As(waitErr, &exitErr):
		return out, fmt.Errorf("exec: %w", waitErr)
	}
	okCodes := a.OKExitCodes
	if okCodes == nil {
		okCodes = []int{0}
	}
	if slices.Contains(a.SkipExitCodes, code) {
		return out, Skip("exit status " + strconv.Itoa(code))
	}
	if !slices.Contains(okCodes, code) {
		lines := 20
		if a.ErrorLines != nil {
			lines = *a.ErrorLines
		}
		tail := tailLines(stderrText, lines, 200)
		if len(tail) == 0 {
			tail = tailLines(stdout.String(), lines, 200)
		}
		exitErr := &ExitError{Code: code, Signal: sig, LastStderrLine: lastLine(stderrText, 200), Tail: tail}
		if a.RetryOnExitCodes != nil && !slices.Contains(a.RetryOnExitCodes, code) {
			return out, Permanent(exitErr) // not a code worth a retry
		}
		return out, exitErr
	}
	if valuesErr != nil {
		return out, Permanent(fmt.Errorf("exec: DAGRUN_OUTPUT: %w", valuesErr))
	}
	return out, nil
}

// execOutput builds exec's output object; its type is the same for every run.
func execOutput(stdout, stderr string, code int, values map[string]string) cty.Value {
	vals := cty.MapValEmpty(cty.String)
	if len(values) > 0 {
		m := make(map[string]cty.Value, len(values))
		for k, v := range values {
			m[k] = cty.StringVal(strings.ToValidUTF8(v, "\uFFFD"))
		}
		vals = cty.MapVal(m)
	}
	return cty.ObjectVal(map[string]cty.Value{
		"stdout":    cty.StringVal(stdout),
		"stderr":    cty.StringVal(stderr),
		"exit_code": cty.NumberIntVal(int64(code)),
		"values":    vals,
	})
}

// exitCode returns the process's exit code, 128+N when signal N killed it.
func exitCode(ps *os.ProcessState) (int, syscall.Signal) {
	if ps == nil {
		return -1, 0
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal()), ws.Signal()
	}
	return ps.ExitCode(), 0
}

// resolveDir returns the working directory for dir, relative to base.
func resolveDir(base, dir string) string {
	switch {
	case dir == "":
		return base
	case filepath.IsAbs(dir) || base == "":
		return dir
	default:
		return filepath.Join(base, dir)
	}
}

// inheritedEnv is this process's environment without the variables named in
// hide.
func inheritedEnv(hide []string) []string {
	env := os.Environ()
	if len(hide) == 0 {
		return env
	}
	return slices.DeleteFunc(env, func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		return slices.Contains(hide, k)
	})
}

// lookProgram finds name the way a shell would with the process's environment:
// a name with a slash is used as is (relative to the working directory), others
// are looked up in the PATH of env (the last PATH entry wins, as in exec.Cmd).
// Relative PATH directories are skipped, as exec.LookPath refuses them too.
func lookProgram(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	path := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	for _, dir := range filepath.SplitList(path) {
		if !filepath.IsAbs(dir) {
			continue
		}
		if p, err := exec.LookPath(filepath.Join(dir, name)); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%q: %w", name, exec.ErrNotFound)
}

// startErrorIsPermanent reports whether a failure to start the process will
// happen again on the next attempt: missing or non-executable program or
// directory. Resource shortages (EAGAIN, ENOMEM, EMFILE) are worth retrying.
func startErrorIsPermanent(err error) bool {
	for _, target := range []error{exec.ErrNotFound, fs.ErrNotExist, fs.ErrPermission, syscall.ENOEXEC, syscall.ENOTDIR, syscall.EISDIR, syscall.ELOOP, syscall.ENAMETOOLONG} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// lastLine returns the last non-blank line of s, cut to max bytes.
func lastLine(s string, max int) string {
	s = strings.TrimRight(s, " \t\r\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimSpace(s)
	if len(s) > max {
		s = strings.ToValidUTF8(s[:max], "") + "…"
	}
	return s
}

// execStreams are the pipes between an exec pipe and its process.
type execStreams struct {
	stdout, stderr, stdin                *os.File // our ends; stdin nil without input
	childStdout, childStderr, childStdin *os.File // the process's ends
	// raw: stdout and stderr are blocking pipes outside the runtime's poller,
	// for relayOutput; else os.Pipe's, read through the poller.
	raw       bool
	closeOnce sync.Once
}

// newExecStreams makes the pipes of one process; raw: see execStreams.raw.
func newExecStreams(stdin string, raw bool) (*execStreams, error) {
	s := &execStreams{raw: raw}
	newPipe := os.Pipe
	if raw {
		newPipe = rawPipe
	}
	var err error
	if s.stdout, s.childStdout, err = newPipe(); err != nil {
		return nil, err
	}
	if s.stderr, s.childStderr, err = newPipe(); err != nil {
		s.closeAll()
		return nil, err
	}
	if stdin != "" {
		if s.childStdin, s.stdin, err = os.Pipe(); err != nil {
			s.closeAll()
			return nil, err
		}
	} else if s.childStdin, err = openDevNull(); err != nil {
		s.closeAll()
		return nil, err
	}
	return s, nil
}

// makePollable puts raw read ends (see execStreams.raw) in the runtime's
// poller, so that closeAll stops reads in progress, as it does for os.Pipe's.
func (s *execStreams) makePollable() error {
	if !s.raw {
		return nil
	}
	for _, f := range []**os.File{&s.stdout, &s.stderr} {
		pf, err := pollable(*f)
		if err != nil {
			return os.NewSyscallError("making a pipe non-blocking", err)
		}
		(*f).Close()
		*f = pf
	}
	s.raw = false
	return nil
}

// closeChildEnds closes the process's ends in this process, so our reads see EOF
// once every process holding them has exited; keepOutput keeps its stdout and
// stderr open. Closing an end twice does nothing.
func (s *execStreams) closeChildEnds(keepOutput bool) {
	ends := []*os.File{s.childStdin}
	if !keepOutput {
		ends = append(ends, s.childStdout, s.childStderr)
	}
	for _, f := range ends {
		if f != nil {
			f.Close()
		}
	}
}

// closeAll closes every end; closing unblocks reads and writes in progress.
func (s *execStreams) closeAll() {
	s.closeOnce.Do(func() {
		s.closeChildEnds(false)
		for _, f := range []*os.File{s.stdout, s.stderr, s.stdin} {
			if f != nil {
				f.Close()
			}
		}
	})
}

// writeStdin writes the process's input and closes its stdin. A process that
// exits without reading it all is not an error.
func (s *execStreams) writeStdin(input string) {
	if s.stdin == nil {
		return
	}
	_, _ = io.WriteString(s.stdin, input)
	s.stdin.Close()
}

// streaming counts the I/O goroutines of an attempt; done is closed when the
// last one ends. (A WaitGroup would need one more goroutine to be selected on.)
type streaming struct {
	left atomic.Int32
	ch   chan struct{}
}

func newStreaming() *streaming { return &streaming{ch: make(chan struct{})} }

func (s *streaming) add(n int32) { s.left.Add(n) }

func (s *streaming) done() {
	if s.left.Add(-1) == 0 {
		close(s.ch)
	}
}

// drain waits for the I/O goroutines to finish, forcing them to after wait.
func (s *execStreams) drain(st *streaming, wait time.Duration) {
	if st.left.Load() == 0 {
		return
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-st.ch:
	case <-t.C:
		s.closeAll()
		<-st.ch
	}
}

// groupWatch signals a process group when its attempt's context ends: SIGTERM
// at once, SIGKILL after the grace. leaderExited ends the watch once Wait has
// returned, and kills what is left of the group.
type groupWatch struct {
	pgid  int
	grace time.Duration
	stop  func() bool

	mu        sync.Mutex
	exited    bool
	signalled bool
	timer     *time.Timer
}

func watchGroup(ctx context.Context, pgid int, grace time.Duration) *groupWatch {
	w := &groupWatch{pgid: pgid, grace: grace}
	w.stop = context.AfterFunc(ctx, w.terminate)
	return w
}

func (w *groupWatch) terminate() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.exited {
		return
	}
	w.signalled = true
	_ = signalGroup(w.pgid, syscall.SIGTERM)
	w.timer = time.AfterFunc(w.grace, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		if !w.exited {
			_ = signalGroup(w.pgid, syscall.SIGKILL)
		}
	})
}

// leaderExited reports whether the group was signalled because the context
// ended. Whatever is left of the group is killed: an attempt leaves no
// processes behind.
func (w *groupWatch) leaderExited() bool {
	w.stop()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.exited = true
	if w.timer != nil {
		w.timer.Stop()
	}
	_ = signalGroup(w.pgid, syscall.SIGKILL)
	return w.signalled
}

// outputSink is where one of a process's streams goes: its capture buffer
// (the output) and, in whole lines, the log.
type outputSink struct {
	capture *tailBuffer
	log     *lineForwarder
}

func (s *outputSink) write(p []byte) {
	s.capture.Write(p)
	s.log.Write(p)
}

// readBuffer returns the buffer for the next read of a stream after a read of
// n bytes into buf. It starts small and doubles whenever a read fills it: most
// pipes print little or nothing, and two fixed 32 KiB buffers per attempt were
// half of all the bytes `apply` allocated for 1000 short pipes.
func readBuffer(buf []byte, n int) []byte {
	switch {
	case buf == nil:
		return make([]byte, 512)
	case n == len(buf) && len(buf) < 32<<10:
		return make([]byte, 2*len(buf))
	}
	return buf
}

// pump copies a process's stream to its sink until EOF.
func pump(r io.Reader, sink *outputSink) {
	buf := readBuffer(nil, 0)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			sink.write(buf[:n])
		}
		if err != nil {
			break
		}
		buf = readBuffer(buf, n)
	}
	sink.log.Flush()
}

// lockedWriter serialises writes from the stdout and stderr pumps to one log.
// Errors writing the log are dropped: a full disk must not fail the pipe.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = l.w.Write(p)
	return len(p), nil
}

// lineForwarder passes one stream to the log in whole lines, so that stdout and
// stderr lines do not get spliced together mid-line. A partial line is held
// back until its newline, until it reaches max bytes, or until the stream ends.
type lineForwarder struct {
	out *lockedWriter
	max int
	buf []byte
}

func (f *lineForwarder) Write(p []byte) {
	f.buf = append(f.buf, p...)
	if i := bytes.LastIndexByte(f.buf, '\n'); i >= 0 {
		f.out.Write(f.buf[:i+1])
		f.buf = append(f.buf[:0], f.buf[i+1:]...)
	}
	if len(f.buf) >= f.max {
		f.Flush()
	}
}

func (f *lineForwarder) Flush() {
	if len(f.buf) > 0 {
		f.out.Write(f.buf)
		f.buf = f.buf[:0]
	}
}
