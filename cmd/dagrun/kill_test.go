package main

import (
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
)

// These tests run the real dagrun command (the test binary, installed as
// dagrun by testscript.Main in TestMain), kill it, and look at what it left.
// Waits poll with bounded deadlines: they guard against hangs and assert
// nothing about speed.

// killPipeline: four roots, a gap (a sleep pipe: no process runs during it),
// then b (which may block or fail, as the test asks) and c. step.sh records in
// ran.log when each pipe starts and when it is done.
const killPipeline = `
variable "gap" {
  default = "0s"
}
variable "delay" {
  default = "0s"
}
defaults {
  retries     = 0
  retry_delay = "0s"
}
pipe "a" {
  use     = "exec"
  command = ["sh", "step.sh", "a"]
}
pipe "p1" {
  use     = "exec"
  command = ["sh", "step.sh", "p1"]
}
pipe "p2" {
  use     = "exec"
  command = ["sh", "step.sh", "p2"]
}
pipe "p3" {
  use   = "value"
  value = "p3 is a value: ${pipe.p2.output.stdout}"
}
pipe "gap" {
  use        = "sleep"
  duration   = var.gap
  depends_on = [pipe.a, pipe.p1, pipe.p3]
}
pipe "b" {
  use         = "exec"
  command     = ["sh", "step.sh", "b", pipe.a.output.stdout]
  retries     = 2
  retry_delay = var.delay
  depends_on  = [pipe.gap]
}
pipe "c" {
  use     = "exec"
  command = ["sh", "step.sh", "c", pipe.b.output.stdout]
}
`

// step.sh NAME [INPUT]: record the start in ran.log, block (block.NAME) or
// fail (fail.NAME) unless the file resume exists, then record "done".
const stepScript = `
name=$1
echo $$ >> pgids
echo "start $name" >> ran.log
touch "started.$name.$DAGRUN_ATTEMPT"
if [ -f "block.$name" ] && [ ! -f resume ]; then sleep 300; fi
if [ -f "fail.$name" ] && [ ! -f resume ]; then echo "$name fails on purpose" >&2; exit 1; fi
echo "done $name" >> ran.log
echo "$name($2)"
`

// killEnv is one test's work directory, where dagrun runs.
type killEnv struct {
	t   *testing.T
	dir string
}

func newKillEnv(t *testing.T) *killEnv {
	return &killEnv{t: t, dir: t.TempDir()}
}

func (k *killEnv) path(name string) string { return filepath.Join(k.dir, name) }

func (k *killEnv) exists(name string) bool {
	_, err := os.Stat(k.path(name))
	return err == nil
}

func (k *killEnv) write(name, content string) {
	k.t.Helper()
	if err := os.WriteFile(k.path(name), []byte(content), 0o644); err != nil {
		k.t.Fatal(err)
	}
}

// command returns a dagrun command (the test binary, installed as dagrun by
// testscript.Main) run in the directory, with no DAGRUN_* variable of the host.
func (k *killEnv) command(args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	k.t.Helper()
	bin, err := exec.LookPath("dagrun")
	if err != nil {
		k.t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = k.dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DAGRUN_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	return cmd, &stdout, &stderr
}

// waitUntil polls until done returns true, failing the test after limit.
func (k *killEnv) waitUntil(what string, limit time.Duration, done func() bool) {
	k.t.Helper()
	for deadline := time.Now().Add(limit); !done(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			k.t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
	}
}

// journals returns the journals of the runs in the state directory.
func (k *killEnv) journals() []string {
	matches, _ := filepath.Glob(filepath.Join(k.dir, ".dagrun", "runs", "*", "journal.jsonl"))
	return matches
}

// journalHas reports whether a journal has a record of type typ about pipe.
func (k *killEnv) journalHas(typ, pipe string) bool {
	for _, m := range k.journals() {
		b, _ := os.ReadFile(m)
		if bytes.Contains(b, []byte(fmt.Sprintf(`"type":%q,"pipe":%q`, typ, pipe))) {
			return true
		}
	}
	return false
}

// pids returns the numbers in file, one per line.
func (k *killEnv) pids(file string) []int {
	b, _ := os.ReadFile(k.path(file))
	var pids []int
	for _, f := range strings.Fields(string(b)) {
		if pid, err := strconv.Atoi(f); err == nil && pid > 1 {
			pids = append(pids, pid)
		}
	}
	return pids
}

// killGroups kills the process groups step.sh recorded: after kill -9, dagrun
// cannot kill its pipes' processes any more.
func (k *killEnv) killGroups() {
	for _, pgid := range k.pids("pgids") {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	}
}

// ranCounts counts the "start X" and "done X" lines of ran.log.
func (k *killEnv) ranCounts() (starts, dones map[string]int) {
	k.t.Helper()
	b, err := os.ReadFile(k.path("ran.log"))
	if err != nil {
		k.t.Fatal(err)
	}
	starts, dones = map[string]int{}, map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		what, name, _ := strings.Cut(line, " ")
		switch what {
		case "start":
			starts[name]++
		case "done":
			dones[name]++
		default:
			k.t.Fatalf("ran.log: bad line %q", line)
		}
	}
	return starts, dones
}

// recordedRun is the part of `runs show --output json` the tests read.
type recordedRun struct {
	ID          string   `json:"id"`
	Status      string   `json:"status"`
	ResumedFrom string   `json:"resumed_from"`
	Reused      []string `json:"reused"`
	Pipes       []struct {
		Pipe     string `json:"pipe"`
		Status   string `json:"status"`
		Attempts int    `json:"attempts"`
		Reused   bool   `json:"reused"`
	} `json:"pipes"`
}

func (k *killEnv) show(ref string) recordedRun {
	k.t.Helper()
	cmd, stdout, stderr := k.command("runs", "show", "--output", "json", ref)
	if err := cmd.Run(); err != nil {
		k.t.Fatalf("runs show %s: %v\n%s", ref, err, stderr)
	}
	var run recordedRun
	if err := json.Unmarshal(stdout.Bytes(), &run); err != nil {
		k.t.Fatalf("runs show: %v\n%s", err, stdout)
	}
	return run
}

// processEnded reports whether pid has exited: no such process, or a zombie
// waiting for a parent (init here) to reap it.
func processEnded(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return errors.Is(err, os.ErrNotExist)
	}
	// "pid (comm) state ...": comm may hold spaces and parentheses.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] == 'Z'
}

// TestKillAndResume kills dagrun with SIGKILL at several points of a run,
// resumes it, and checks that no pipe that had succeeded ran again and that
// every pipe ends succeeded.
func TestKillAndResume(t *testing.T) {
	for _, tc := range []struct {
		name string
		// files make pipes block or fail (see step.sh); args are the first
		// run's extra apply arguments.
		files []string
		args  []string
		// killWhen returns true once the first run is where it must be killed.
		killWhen func(k *killEnv) bool
		// succeeded are the pipes that had succeeded at the kill.
		succeeded []string
		// corrupt truncates the journal's last line before resuming.
		corrupt bool
	}{
		{
			name:      "between pipes",
			args:      []string{"--var", "gap=300s"},
			killWhen:  func(k *killEnv) bool { return k.journalHas("attempt_started", "gap") },
			succeeded: []string{"a", "p1", "p2", "p3"},
		},
		{
			name:      "during an attempt",
			files:     []string{"block.b"},
			killWhen:  func(k *killEnv) bool { return k.exists("started.b.1") },
			succeeded: []string{"a", "p1", "p2", "p3", "gap"},
		},
		{
			name:      "during a retry back-off",
			files:     []string{"fail.b"},
			args:      []string{"--var", "delay=300s"},
			killWhen:  func(k *killEnv) bool { return k.journalHas("retrying", "b") },
			succeeded: []string{"a", "p1", "p2", "p3", "gap"},
		},
		{
			name:      "with a torn last journal line",
			files:     []string{"block.b"},
			killWhen:  func(k *killEnv) bool { return k.exists("started.b.1") },
			succeeded: []string{"a", "p1", "p2", "p3", "gap"},
			corrupt:   true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			k := newKillEnv(t)
			t.Cleanup(k.killGroups)
			k.write("pipeline.hcl", killPipeline)
			k.write("step.sh", stepScript)
			for _, f := range tc.files {
				k.write(f, "")
			}

			first, stdout, stderr := k.command(append([]string{"apply", "pipeline.hcl"}, tc.args...)...)
			if err := first.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- first.Wait() }()
			k.waitUntil("the kill point", 20*time.Second, func() bool {
				select {
				case err := <-exited:
					t.Fatalf("dagrun ended before the kill point: %v\n%s\n%s", err, stdout, stderr)
				default:
				}
				return tc.killWhen(k)
			})
			if err := first.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			<-exited
			k.killGroups() // what dagrun had started dies with it, as in a crash
			killed := k.show("last")
			if killed.Status != "aborted" {
				t.Errorf("the killed run is %s, want aborted", killed.Status)
			}

			if tc.corrupt {
				journals := k.journals()
				if len(journals) != 1 {
					t.Fatalf("journals: %v", journals)
				}
				b, err := os.ReadFile(journals[0])
				if err != nil {
					t.Fatal(err)
				}
				last := bytes.LastIndexByte(b[:len(b)-1], '\n') + 1
				if !bytes.Contains(b[last:], []byte(`"type":"attempt_started","pipe":"b"`)) {
					t.Fatalf("the last journal line is not b's start: %s", b[last:])
				}
				if err := os.Truncate(journals[0], int64(last+(len(b)-last)/2)); err != nil {
					t.Fatal(err)
				}
			}

			k.write("resume", "")
			resumed, stdout, stderr := k.command("apply", "--resume", "last", "pipeline.hcl")
			if err := resumed.Run(); err != nil {
				t.Fatalf("resume: %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
			}
			if want := "resuming run " + killed.ID; !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr does not say %q:\n%s", want, stderr)
			}

			// Every exec pipe succeeded exactly once over both runs, and those
			// that had succeeded before the kill did not even start again.
			starts, dones := k.ranCounts()
			for _, pipe := range []string{"a", "p1", "p2", "b", "c"} {
				if dones[pipe] != 1 {
					t.Errorf("pipe %s succeeded %d times, want once", pipe, dones[pipe])
				}
			}
			wasDone := map[string]bool{}
			for _, pipe := range tc.succeeded {
				wasDone[pipe] = true
				if pipe != "p3" && pipe != "gap" && starts[pipe] != 1 { // p3 and gap run no process
					t.Errorf("pipe %s had succeeded before the kill but started %d times", pipe, starts[pipe])
				}
			}

			run := k.show("last")
			if run.Status != "succeeded" || run.ResumedFrom != killed.ID {
				t.Errorf("resumed run: %s, from %q (want succeeded, from %s)", run.Status, run.ResumedFrom, killed.ID)
			}
			for _, p := range run.Pipes {
				if p.Status != "succeeded" {
					t.Errorf("pipe %s ended %s", p.Pipe, p.Status)
				}
				if p.Reused != wasDone[p.Pipe] {
					t.Errorf("pipe %s: reused = %v", p.Pipe, p.Reused)
				}
			}
			// c got b's output, and b got a's, whether a was reused or not.
			b, _ := os.ReadFile(filepath.Join(k.dir, ".dagrun", "runs", run.ID, "outputs.jsonl"))
			if !bytes.Contains(b, []byte(`c(b(a()\n)\n)`)) {
				t.Errorf("c's output is not built from b's and a's:\n%s", b)
			}
		})
	}
}

// TestInterruptKillsGrandchildren sends SIGINT (and SIGTERM, and SIGHUP, which
// a closed terminal or a lost SSH session sends) to dagrun while a
// pipe's shell has started background processes of its own: dagrun exits 130,
// says what it interrupted, records the run as cancelled, and leaves no process
// behind.
func TestInterruptKillsGrandchildren(t *testing.T) {
	const pipeline = `
pipe "spawn" {
  use     = "exec"
  script  = "sleep 300 & echo $! >> pids; sleep 300 & echo $! >> pids; echo $$ >> pids; touch ready; wait"
  retries = 0
}
pipe "after" {
  use        = "exec"
  command    = ["touch", "after.ran"]
  depends_on = [pipe.spawn]
}
`
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			k := newKillEnv(t)
			k.write("pipeline.hcl", pipeline)
			cmd, stdout, stderr := k.command("apply", "pipeline.hcl")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			t.Cleanup(func() {
				_ = cmd.Process.Kill()
				for _, pid := range k.pids("pids") {
					_ = syscall.Kill(pid, syscall.SIGKILL)
				}
			})
			k.waitUntil("the pipe's processes", 20*time.Second, func() bool { return k.exists("ready") })
			pids := k.pids("pids")
			if len(pids) != 3 {
				t.Fatalf("pids: %v", pids)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-exited:
			case <-time.After(15 * time.Second):
				t.Fatalf("dagrun still runs 15s after %v\n%s\n%s", sig, stdout, stderr)
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
				t.Errorf("dagrun ended with %v, want exit code %d\n%s", err, exitInterrupted, stderr)
			}
			for _, want := range []string{
				"interrupted: running pipes were cancelled\n",
				"cancelled while running: spawn (attempt 1)\n",
				"not started: after\n",
				"dagrun apply --resume last pipeline.hcl\n",
			} {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			for _, pid := range pids {
				k.waitUntil(fmt.Sprintf("process %d to end", pid), 5*time.Second, func() bool { return processEnded(pid) })
			}
			if k.exists("after.ran") {
				t.Error("the pipe after the interrupted one ran")
			}
			run := k.show("last")
			if run.Status != "cancelled" {
				t.Errorf("the run is recorded as %s", run.Status)
			}
			for _, p := range run.Pipes {
				if p.Status != "cancelled" {
					t.Errorf("pipe %s is recorded as %s", p.Pipe, p.Status)
				}
			}
		})
	}
}
