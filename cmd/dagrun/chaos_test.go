package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestChaos kills `dagrun apply` with SIGKILL, SIGTERM, SIGINT and SIGHUP at
// random points of a 150-pipe pipeline with retries and long pipes, resumes
// it (two resumes at once in some rounds, a resume killed too in others)
// until it succeeds, and checks after every round:
//
//   - no pipe the state recorded as succeeded starts again, and no pipe is
//     run by two processes at once;
//   - the pipeline's final output equals a clean run's;
//   - no process carrying the round's unique marker is left alive (found by
//     reading /proc/*/environ), once dagrun has exited on a signal it
//     handles, and at the end of the round. After SIGKILL dagrun cannot stop
//     its pipes (they run in process groups of their own): those left are
//     counted apart, then killed.
//
// It runs the dagrun binary built by `make chaos` (DAGRUN_CHAOS_BIN), or
// builds one. DAGRUN_CHAOS=1 turns it on; DAGRUN_CHAOS_ROUNDS (default 32)
// and DAGRUN_CHAOS_SEED change the rounds and the random choices.
func TestChaos(t *testing.T) {
	if os.Getenv("DAGRUN_CHAOS") != "1" {
		t.Skip("set DAGRUN_CHAOS=1 (make chaos) to run the chaos test")
	}
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("needs /proc to find leftover processes")
	}
	bin := os.Getenv("DAGRUN_CHAOS_BIN")
	if bin == "" {
		bin = filepath.Join(t.TempDir(), "dagrun")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("building dagrun: %v\n%s", err, out)
		}
	}
	rounds := 32
	if n, err := strconv.Atoi(os.Getenv("DAGRUN_CHAOS_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("DAGRUN_CHAOS_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d (DAGRUN_CHAOS_SEED), %d rounds", seed, rounds)
	rng := mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15))

	// A clean run gives the output every round must end with.
	clean := newChaosDir(t, bin)
	out, code := clean.apply(t.Context(), "", "clean run")
	want := finalOutput(out)
	if code != 0 || want == "" {
		t.Fatalf("clean run: exit %d, output %q", code, out)
	}
	if left := clean.leftovers(); len(left) > 0 {
		t.Fatalf("clean run left processes: %v", left)
	}

	signals := []syscall.Signal{syscall.SIGKILL, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP}
	var st chaosStats
	st.bySignal = map[string]*signalStats{}
	for r := range rounds {
		sig := signals[r%len(signals)]
		d := newChaosDir(t, bin)
		d.round(t, rng, r, sig, want, &st)
	}
	t.Logf("chaos: %d rounds, %d kill points (%d of a resume), %d two-resumes-at-once phases (%d refused with exit 2)",
		rounds, st.kills, st.resumeKills, st.concurrent, st.refused)
	for _, sig := range signals {
		s := st.bySignal[sig.String()]
		if s == nil {
			continue
		}
		t.Logf("  %-10s rounds %2d: re-runs of succeeded pipes %d, double runs %d, wrong final outputs %d, orphans %d",
			sig, s.rounds, s.reruns, s.doubles, s.wrongOutputs, s.orphans)
	}
	t.Logf("  SIGKILL leaves its running pipes alive by design: %d process(es) found and killed after kill -9 (not counted as orphans), %d pipe start(s) by them after the kill", st.killedAfterSIGKILL, st.lateStarts)
}

type chaosStats struct {
	kills, resumeKills, concurrent, refused int
	killedAfterSIGKILL, lateStarts          int
	bySignal                                map[string]*signalStats
}

type signalStats struct {
	rounds, reruns, doubles, wrongOutputs, orphans int
}

// chaosDir is one round's pipeline directory; mark is in the environment of
// every process the round starts.
type chaosDir struct {
	bin, dir, mark string
	offset         int64 // of ran.log, at the start of the current phase

	mu    sync.Mutex
	pids  map[string]string // dagrun process id → what it was, for failure messages
	phase map[string]bool   // the dagrun processes of the current phase
}

// started notes the process id of a dagrun the round started.
func (d *chaosDir) started(cmd *exec.Cmd, what string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pids == nil {
		d.pids = map[string]string{}
	}
	d.pids[strconv.Itoa(cmd.Process.Pid)] = what
	d.phase[strconv.Itoa(cmd.Process.Pid)] = true
}

// ofPhase splits the processes that started a pipe into the dagrun
// processes of the current phase and the others.
func (d *chaosDir) ofPhase(pids map[string]bool) (phase, others map[string]bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	phase, others = map[string]bool{}, map[string]bool{}
	for pid := range pids {
		if d.phase[pid] {
			phase[pid] = true
		} else {
			others[pid] = true
		}
	}
	return phase, others
}

// describe names the processes that started a pipe: the dagrun it was, or
// that it is none the round started (a pipe that started after its dagrun
// died reads the reaper's id as its parent).
func (d *chaosDir) describe(pids map[string]bool) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []string
	for _, pid := range slices.Sorted(maps.Keys(pids)) {
		what := d.pids[pid]
		if what == "" {
			what = "not a dagrun of this round"
		}
		out = append(out, pid+" ("+what+")")
	}
	return strings.Join(out, ", ")
}

func newChaosDir(t *testing.T, bin string) *chaosDir {
	var b [8]byte
	_, _ = rand.Read(b[:])
	d := &chaosDir{bin: bin, dir: t.TempDir(), mark: "DAGRUN_CHAOS_MARK=" + hex.EncodeToString(b[:]), phase: map[string]bool{}}
	if err := os.WriteFile(filepath.Join(d.dir, "chaos.hcl"), []byte(chaosPipeline()), 0o644); err != nil {
		t.Fatal(err)
	}
	return d
}

// chaosPipeline: 10 layers of 15 pipes, each reading two of the layer above.
// Every pipe writes "start NAME DAGRUN_PID" to ran.log when it starts and
// prints a checksum of its name and inputs; one in eleven fails its first
// attempt, one in eight sleeps half a second.
func chaosPipeline() string {
	const layers, width = 10, 15
	var b strings.Builder
	b.WriteString("pipeline \"chaos\" {\n  parallelism = 16\n}\n\ndefaults {\n  retries     = 2\n  retry_delay = \"50ms\"\n}\n\n")
	var last []string
	for l := range layers {
		for w := range width {
			i := l*width + w
			name := fmt.Sprintf("p%03d", i)
			script := `echo "start $0 $PPID" >> ran.log;`
			if i%11 == 0 {
				script += ` [ "$DAGRUN_ATTEMPT" -gt 1 ] || exit 1;`
			}
			if i%8 == 5 {
				script += ` sleep 0.5;`
			}
			script += ` printf '%s' "$0 $1 $2" | cksum | cut -d' ' -f1`
			args := `"` + name + `"`
			if l > 0 {
				a := fmt.Sprintf("p%03d", (l-1)*width+w)
				c := fmt.Sprintf("p%03d", (l-1)*width+(w*7+3)%width)
				args += fmt.Sprintf(`, trimspace(pipe.%s.output.stdout), trimspace(pipe.%s.output.stdout)`, a, c)
			}
			fmt.Fprintf(&b, "pipe %q {\n  use     = \"exec\"\n  command = [\"sh\", \"-c\", %q, %s]\n}\n\n", name, script, args)
			if l == layers-1 {
				last = append(last, fmt.Sprintf("trimspace(pipe.%s.output.stdout)", name))
			}
		}
	}
	fmt.Fprintf(&b, "output \"final\" {\n  value = join(\",\", [%s])\n}\n", strings.Join(last, ", "))
	return b.String()
}

var finalLine = regexp.MustCompile(`(?m)^final = "([^"]*)"$`)

func finalOutput(stdout string) string {
	if m := finalLine.FindStringSubmatch(stdout); m != nil {
		return m[1]
	}
	return ""
}

func (d *chaosDir) command(ctx context.Context, resume string) (*exec.Cmd, *bytes.Buffer) {
	args := []string{"apply", "--no-color"}
	if resume != "" {
		args = append(args, "--resume", resume)
	}
	cmd := exec.CommandContext(ctx, d.bin, append(args, "chaos.hcl")...)
	cmd.Dir = d.dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DAGRUN_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, d.mark)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = time.Minute
	return cmd, &out
}

// apply runs dagrun to the end; code is its exit code.
func (d *chaosDir) apply(ctx context.Context, resume, what string) (string, int) {
	cmd, out := d.command(ctx, resume)
	if err := cmd.Start(); err != nil {
		return err.Error(), -1
	}
	d.started(cmd, what)
	err := cmd.Wait()
	if err != nil && cmd.ProcessState == nil {
		return err.Error(), -1
	}
	return out.String(), cmd.ProcessState.ExitCode()
}

// starts counts the lines of ran.log the pipes wrote, from the phase's start:
// name → the dagrun processes that started it.
func (d *chaosDir) starts() (total int, byPipe map[string]map[string]bool) {
	f, err := os.Open(filepath.Join(d.dir, "ran.log"))
	if err != nil {
		return 0, nil
	}
	defer f.Close()
	if _, err := f.Seek(d.offset, 0); err != nil {
		return 0, nil
	}
	byPipe = map[string]map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 || fields[0] != "start" {
			continue
		}
		total++
		if byPipe[fields[1]] == nil {
			byPipe[fields[1]] = map[string]bool{}
		}
		byPipe[fields[1]][fields[2]] = true
	}
	return total, byPipe
}

// newPhase makes starts count from now on.
func (d *chaosDir) newPhase() {
	if info, err := os.Stat(filepath.Join(d.dir, "ran.log")); err == nil {
		d.offset = info.Size()
	}
	d.mu.Lock()
	d.phase = map[string]bool{}
	d.mu.Unlock()
}

// succeeded returns the pipes the journals record as succeeded (run, not
// reused).
func (d *chaosDir) succeeded(t *testing.T) map[string]bool {
	done := map[string]bool{}
	journals, _ := filepath.Glob(filepath.Join(d.dir, ".dagrun", "runs", "*", "journal.jsonl"))
	for _, j := range journals {
		b, err := os.ReadFile(j)
		if err != nil {
			t.Fatal(err)
		}
		for line := range bytes.SplitSeq(b, []byte("\n")) {
			var rec struct {
				Type, Pipe, Status string
				Reused             bool
			}
			if json.Unmarshal(line, &rec) == nil && rec.Type == "pipe_finished" && rec.Status == "succeeded" && !rec.Reused {
				done[rec.Pipe] = true
			}
		}
	}
	return done
}

// recorded reports whether a run has been recorded (dagrun killed at once
// may not have recorded one).
func (d *chaosDir) recorded() bool {
	runs, _ := filepath.Glob(filepath.Join(d.dir, ".dagrun", "runs", "*", "run.json"))
	return len(runs) > 0
}

// leftovers returns the processes (pid: command) that carry the marker.
func (d *chaosDir) leftovers() []string {
	entries, _ := os.ReadDir("/proc")
	var found []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil || !slices.ContainsFunc(bytes.Split(env, []byte{0}), func(kv []byte) bool { return string(kv) == d.mark }) {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		found = append(found, fmt.Sprintf("%d: %s", pid, bytes.ReplaceAll(bytes.TrimRight(cmdline, "\x00"), []byte{0}, []byte{' '})))
	}
	return found
}

// settle waits (up to limit) for the marked processes to go, and returns
// those still there.
func (d *chaosDir) settle(limit time.Duration) []string {
	deadline := time.Now().Add(limit)
	for {
		left := d.leftovers()
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// killLeftovers kills the marked processes and returns how many there
// were. A process that dagrun had forked when it was killed may be in the
// middle of its exec, when /proc does not show its environment: it is killed
// once three scans in a row, 20ms apart, have found none.
func (d *chaosDir) killLeftovers() int {
	killed := map[int]bool{}
	deadline := time.Now().Add(10 * time.Second)
	for quiet := 0; quiet < 3 && time.Now().Before(deadline); {
		left := d.leftovers()
		if len(left) == 0 {
			quiet++
			time.Sleep(20 * time.Millisecond)
			continue
		}
		quiet = 0
		for _, p := range left {
			pid, _ := strconv.Atoi(strings.SplitN(p, ":", 2)[0])
			_ = syscall.Kill(pid, syscall.SIGKILL)
			killed[pid] = true
		}
		d.settle(5 * time.Second)
	}
	return len(killed)
}

// killAt starts dagrun, signals it with sig once the pipes have started
// `after` times (or it ended first), and waits for it to exit. It returns
// whether the signal was sent.
func (d *chaosDir) killAt(t *testing.T, resume string, sig syscall.Signal, after int, what string) bool {
	cmd, out := d.command(t.Context(), resume)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d.started(cmd, what)
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	for {
		select {
		case <-exited:
			return false
		case <-time.After(5 * time.Millisecond):
		}
		if n, _ := d.starts(); n >= after {
			break
		}
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-exited:
	case <-time.After(time.Minute):
		_ = cmd.Process.Kill()
		<-exited
		t.Errorf("dagrun did not exit within a minute of %s:\n%s", sig, out)
	}
	return true
}

func (d *chaosDir) round(t *testing.T, rng *mrand.Rand, r int, sig syscall.Signal, want string, st *chaosStats) {
	s := st.bySignal[sig.String()]
	if s == nil {
		s = &signalStats{}
		st.bySignal[sig.String()] = s
	}
	s.rounds++
	fail := func(format string, args ...any) {
		t.Errorf("round %d (%s): %s", r, sig, fmt.Sprintf(format, args...))
	}
	// checkOrphans: after dagrun exited on sig, nothing it started may be
	// left, except after SIGKILL.
	killedBySIGKILL := false // a dagrun of the round was killed with SIGKILL
	checkOrphans := func(sig syscall.Signal, when string) {
		if sig == syscall.SIGKILL {
			killedBySIGKILL = true
			st.killedAfterSIGKILL += d.killLeftovers()
			return
		}
		// dagrun waits for its pipes' processes before it exits: what is
		// left a moment later (the time for the kernel to finish them off)
		// was orphaned.
		if left := d.settle(300 * time.Millisecond); len(left) > 0 {
			s.orphans += len(left)
			fail("%d process(es) left alive after dagrun exited on %s %s: %s", len(left), sig, when, strings.Join(left, "; "))
			d.killLeftovers()
		}
	}
	// checkPhase: the pipes started since the phase began; none may be one
	// recorded as succeeded before it, nor be started by two processes.
	checkPhase := func(recorded map[string]bool, what string) {
		_, byPipe := d.starts()
		for pipe, pids := range byPipe {
			if recorded[pipe] {
				s.reruns++
				fail("%s: pipe %s ran again though the state recorded it as succeeded", what, pipe)
			}
			phase, others := d.ofPhase(pids)
			if len(phase) > 1 {
				s.doubles++
				fail("%s: pipe %s was run by %d dagrun processes: %s", what, pipe, len(phase), d.describe(phase))
			}
			// A pipe a dagrun killed with SIGKILL had forked may start
			// its script after the kill (by design: its process lives
			// on); nothing else may start a pipe.
			if len(others) > 0 {
				if !killedBySIGKILL {
					fail("%s: pipe %s was started by a process that is no dagrun of the phase: %s", what, pipe, d.describe(others))
				}
				st.lateStarts++
			}
		}
	}

	// The first run, killed at a random point.
	d.newPhase()
	if d.killAt(t, "", sig, rng.IntN(140), "first run, sent "+sig.String()) {
		st.kills++
	}
	checkOrphans(sig, "(first run)")

	// Some rounds kill a resume too, with SIGKILL.
	if r%4 == 1 {
		recorded := d.succeeded(t)
		d.newPhase()
		if d.killAt(t, "last", syscall.SIGKILL, 1+rng.IntN(40), "resume, killed") {
			st.kills++
			st.resumeKills++
		}
		// Its leftovers first: a pipe it had forked may start its script
		// after the kill, by design, until they are killed.
		checkOrphans(syscall.SIGKILL, "(resume)")
		checkPhase(recorded, "killed resume")
	}

	// Some rounds start two resumes at once: one may be refused (exit 2);
	// no pipe may run in both.
	if r%3 == 0 {
		st.concurrent++
		recorded := d.succeeded(t)
		none := !d.recorded()
		d.newPhase()
		var wg sync.WaitGroup
		codes := make([]int, 2)
		outs := make([]string, 2)
		for i := range 2 {
			wg.Go(func() { outs[i], codes[i] = d.apply(t.Context(), "last", fmt.Sprintf("resume %d of two at once", i+1)) })
		}
		wg.Wait()
		for i, code := range codes {
			switch code {
			case 0:
			case 2:
				st.refused++
				if none && strings.Contains(outs[i], "no runs of pipeline chaos") {
					break // nothing was recorded to resume
				}
				if !strings.Contains(outs[i], "is resuming it") && !strings.Contains(outs[i], "still in progress") && !strings.Contains(outs[i], "resumed it already") {
					fail("a resume exited 2 without saying the run was being resumed:\n%s", outs[i])
				}
			default:
				fail("a concurrent resume exited %d:\n%s", code, outs[i])
			}
		}
		checkPhase(recorded, fmt.Sprintf("two resumes at once (exits %d and %d)", codes[0], codes[1]))
		checkOrphans(syscall.SIGTERM, "(two resumes at once)")
	}

	// Resume until the run succeeds.
	var final string
	for range 5 {
		recorded := d.succeeded(t)
		d.newPhase()
		// A first run killed before it recorded anything has nothing to
		// resume: `--resume last` would say so (exit 2).
		resume := "last"
		if !d.recorded() {
			resume = ""
		}
		out, code := d.apply(t.Context(), resume, "resume to the end")
		checkPhase(recorded, "resume")
		if code == 0 {
			final = finalOutput(out)
			break
		}
		if code != 1 {
			fail("resume exited %d:\n%s", code, out)
			break
		}
	}
	if final != want {
		s.wrongOutputs++
		fail("final output %q, want the clean run's %q", final, want)
	}
	if left := d.settle(3 * time.Second); len(left) > 0 {
		s.orphans += len(left)
		fail("%d process(es) left alive at the end of the round: %s", len(left), strings.Join(left, "; "))
		d.killLeftovers()
	}
}
