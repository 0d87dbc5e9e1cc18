package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary be the dagrun command: scripts run it with
// `exec dagrun ...`, as a separate process with its own exit code and signals.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"dagrun": main})
}

// TestScripts runs testdata/script/*.txtar. Besides testscript's own commands
// they may use:
//
//	exits CODE PROGRAM [ARGS...]   like exec, and the exit code must be CODE
//	waitfile FILE                  wait (up to 10s) until FILE exists
//	pidgone FILE                   the process whose pid FILE holds is gone (within 5s)
//	jsonevents FILE [CHECK...]     FILE is `apply --output json` output: see cmdJSONEvents
//	jsonschema KIND FILE           FILE is valid JSON output of KIND: see cmdJSONSchema
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:   filepath.Join("testdata", "script"),
		Setup: setupScript,
		// [temporal]: built with -tags temporal (the Temporal engine is in).
		Condition: func(cond string) (bool, error) {
			if cond == "temporal" {
				return temporalBuilt, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":      cmdExits,
			"waitfile":   cmdWaitFile,
			"pidgone":    cmdPIDGone,
			"jsonevents": cmdJSONEvents,
			"jsonschema": cmdJSONSchema,
			"otlpsink":   cmdOTLPSink,
		},
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
	})
}

// setupScript gives a script nothing of the host but a PATH with dagrun and the
// system tools (/bin/sh, sleep, mkdir, ...), and GORACE. testscript already
// starts from an empty environment (HOME=/no-home, TMPDIR inside the work
// dir), so no DAGRUN_* variable of the host reaches the runs.
func setupScript(env *testscript.Env) error {
	dagrun, err := exec.LookPath("dagrun") // installed by testscript.Main
	if err != nil {
		return err
	}
	env.Setenv("PATH", strings.Join([]string{filepath.Dir(dagrun), "/usr/bin", "/bin"}, string(os.PathListSeparator)))
	// $EXAMPLES: the repository's examples/, for scripts that run one on a copy.
	examples, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	if err != nil {
		return err
	}
	env.Setenv("EXAMPLES", examples)
	// Under -race every dagrun process would sleep 1s at exit (the race
	// detector's default atexit_sleep_ms) for nothing.
	if gorace := env.Getenv("GORACE"); !strings.Contains(gorace, "atexit_sleep_ms") {
		env.Setenv("GORACE", strings.TrimSpace(gorace+" atexit_sleep_ms=10"))
	}
	return nil
}

// cmdExits runs a program like exec and checks its exact exit code: `! exec`
// only says it was not 0, and dagrun's codes (1 failed, 2 usage, 130
// interrupted) mean different things.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		got = ee.ExitCode()
		if got < 0 {
			ts.Fatalf("%s ended by %v, want exit code %d", args[1], ee.ProcessState, want)
		}
	default:
		ts.Fatalf("%s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// poll calls done every 10ms until it returns true or limit has passed. The
// limit is a safety against hanging, not an assertion on speed.
func poll(limit time.Duration, done func() bool) bool {
	for deadline := time.Now().Add(limit); ; time.Sleep(10 * time.Millisecond) {
		if done() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

func cmdWaitFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitfile FILE")
	}
	name := ts.MkAbs(args[0])
	if !poll(10*time.Second, func() bool { _, err := os.Stat(name); return err == nil }) {
		ts.Fatalf("%s did not appear within 10s", args[0])
	}
}

// cmdPIDGone checks that the process whose pid is in a file has ended:
// kill(pid, 0) fails with ESRCH, or it is a zombie (an orphan waits for init
// to reap it, which can take a while in a container).
func cmdPIDGone(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: pidgone FILE")
	}
	pid, err := strconv.Atoi(strings.TrimSpace(ts.ReadFile(args[0])))
	ts.Check(err)
	if pid <= 1 {
		ts.Fatalf("%s: bad pid %d", args[0], pid)
	}
	gone := func() bool {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return true
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return false
		}
		// pid (comm) state ...: comm may hold spaces and parentheses.
		_, rest, _ := strings.Cut(string(stat[bytes.LastIndexByte(stat, ')')+1:]), " ")
		return strings.HasPrefix(rest, "Z") || strings.HasPrefix(rest, "X")
	}
	if !poll(5*time.Second, gone) {
		ts.Fatalf("process %d is still running after 5s", pid)
	}
}

// event is the part of a JSON event the checks read.
type event struct {
	Time        *string `json:"time"`
	Type        string  `json:"type"`
	Pipeline    *string `json:"pipeline"`
	Pipe        string  `json:"pipe"`
	Status      string  `json:"status"`
	Attempt     int     `json:"attempt"`
	MaxAttempts int     `json:"max_attempts"`
	Result      string  `json:"result"`
	Pipes       []struct {
		Pipe     string `json:"pipe"`
		Status   string `json:"status"`
		Attempts *int   `json:"attempts"`
	} `json:"pipes"`
}

// cmdJSONEvents checks a file holding the stdout of `apply --output json`:
// every line is one JSON object with time, type and pipeline; events about a
// pipe name it; attempt events carry attempt numbers and results; the run
// starts with run_started and ends with run_finished. Then, optionally:
//
//	before TYPE:PIPE TYPE:PIPE ...   the first events of each kind occur in this order
//	final PIPE:STATUS[:ATTEMPTS] ... the pipes of run_finished have these statuses
func cmdJSONEvents(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: jsonevents FILE [before TYPE:PIPE...] [final PIPE:STATUS[:ATTEMPTS]...]")
	}
	data := ts.ReadFile(args[0])
	if !strings.HasSuffix(data, "\n") {
		ts.Fatalf("%s does not end with a newline", args[0])
	}
	var events []event
	sc := bufio.NewScanner(strings.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		var e event
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &raw); err != nil || raw == nil {
			ts.Fatalf("line %d is not a JSON object: %v\n%s", n, err, line)
		}
		ts.Check(json.Unmarshal([]byte(line), &e))
		if err := checkEvent(e); err != nil {
			ts.Fatalf("line %d: %v\n%s", n, err, line)
		}
		events = append(events, e)
	}
	ts.Check(sc.Err())
	if len(events) < 2 || events[0].Type != "run_started" || events[len(events)-1].Type != "run_finished" {
		ts.Fatalf("the events do not start with run_started and end with run_finished")
	}
	for i, e := range events[1 : len(events)-1] {
		if e.Type == "run_started" || e.Type == "run_finished" {
			ts.Fatalf("event %d is a second %s", i+2, e.Type)
		}
	}

	for rest := args[1:]; len(rest) > 0; {
		mode := rest[0]
		end := 1
		for end < len(rest) && rest[end] != "before" && rest[end] != "final" {
			end++
		}
		items := rest[1:end]
		rest = rest[end:]
		switch mode {
		case "before":
			checkBefore(ts, events, items)
		case "final":
			checkFinal(ts, events[len(events)-1], items)
		default:
			ts.Fatalf("jsonevents: unknown check %q", mode)
		}
	}
}

func checkEvent(e event) error {
	switch {
	case e.Time == nil:
		return errors.New("no time")
	case e.Type == "":
		return errors.New("no type")
	case e.Pipeline == nil:
		return errors.New("no pipeline")
	}
	if _, err := time.Parse(time.RFC3339Nano, *e.Time); err != nil {
		return fmt.Errorf("time: %v", err)
	}
	isPipe := strings.HasPrefix(e.Type, "pipe_") || strings.HasPrefix(e.Type, "attempt_")
	if isPipe && e.Pipe == "" {
		return fmt.Errorf("%s without a pipe", e.Type)
	}
	switch e.Type {
	case "pipe_started", "pipe_retrying", "attempt_succeeded", "attempt_failed", "attempt_timed_out":
		if e.Attempt < 1 || e.MaxAttempts < e.Attempt {
			return fmt.Errorf("%s: attempt %d of %d", e.Type, e.Attempt, e.MaxAttempts)
		}
	}
	if strings.HasPrefix(e.Type, "attempt_") && e.Result == "" {
		return fmt.Errorf("%s without a result", e.Type)
	}
	switch e.Type {
	case "pipe_succeeded", "pipe_failed", "pipe_skipped", "pipe_cancelled", "pipe_up_to_date":
		if want := strings.TrimPrefix(e.Type, "pipe_"); e.Status != want {
			return fmt.Errorf("%s with status %q", e.Type, e.Status)
		}
	case "run_finished":
		if e.Status == "" {
			return errors.New("run_finished without a status")
		}
		for _, p := range e.Pipes {
			if p.Pipe == "" || p.Status == "" || p.Attempts == nil {
				return fmt.Errorf("run_finished: incomplete pipe %+v", p)
			}
		}
	}
	return nil
}

func checkBefore(ts *testscript.TestScript, events []event, items []string) {
	prev, prevItem := -1, ""
	for _, item := range items {
		typ, pipe, ok := strings.Cut(item, ":")
		if !ok {
			ts.Fatalf("before: %q is not TYPE:PIPE", item)
		}
		at := -1
		for i, e := range events {
			if e.Type == typ && e.Pipe == pipe {
				at = i
				break
			}
		}
		switch {
		case at < 0:
			ts.Fatalf("no %s event", item)
		case at < prev:
			ts.Fatalf("%s (event %d) comes before %s (event %d)", item, at+1, prevItem, prev+1)
		}
		prev, prevItem = at, item
	}
}

func checkFinal(ts *testscript.TestScript, finished event, items []string) {
	for _, item := range items {
		parts := strings.Split(item, ":")
		if len(parts) < 2 || len(parts) > 3 {
			ts.Fatalf("final: %q is not PIPE:STATUS[:ATTEMPTS]", item)
		}
		found := false
		for _, p := range finished.Pipes {
			if p.Pipe != parts[0] {
				continue
			}
			found = true
			if p.Status != parts[1] {
				ts.Fatalf("pipe %s ended %s, want %s", p.Pipe, p.Status, parts[1])
			}
			if len(parts) == 3 && strconv.Itoa(*p.Attempts) != parts[2] {
				ts.Fatalf("pipe %s made %d attempts, want %s", p.Pipe, *p.Attempts, parts[2])
			}
		}
		if !found {
			ts.Fatalf("pipe %s is not in run_finished", parts[0])
		}
	}
}
