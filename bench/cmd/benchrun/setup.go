package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Task is the version of go-task the suite compares with.
const (
	taskModule   = "github.com/go-task/task/v3/cmd/task"
	taskVersion  = "v3.54.0"
	taskflowVers = "v1.2.0" // github.com/noneback/go-taskflow, pinned in bench/taskflow/go.mod
)

// tool is a program the suite runs, or why it cannot.
type tool struct {
	Path    string `json:"path,omitempty"`
	Version string `json:"version,omitempty"`
	Skipped string `json:"skipped,omitempty"` // reason; empty when usable
}

func (t tool) ok() bool { return t.Skipped == "" && t.Path != "" }

type tools struct {
	Dagrun   tool `json:"dagrun"`
	Floor    tool `json:"floor"`
	Libbench tool `json:"libbench"`
	Make     tool `json:"make"`
	Task     tool `json:"task"`
	Taskflow tool `json:"taskflow"`
	Time     tool `json:"time"`
}

// Machine is where the suite ran.
type Machine struct {
	CPUs         int    `json:"nproc"`
	Model        string `json:"model"`
	Kernel       string `json:"kernel"`
	Go           string `json:"go"`
	Date         string `json:"date"`
	Commit       string `json:"commit"`
	LoadAvgStart string `json:"loadavg_start"`
	LoadAvgEnd   string `json:"loadavg_end"`
}

func (b *bench) setup() error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(wd, "cmd", "dagrun")); err != nil {
		return fmt.Errorf("run from the repository root (no cmd/dagrun in %s)", wd)
	}
	b.root = wd
	b.out = filepath.Join(wd, "bench", "out")
	b.bin = filepath.Join(b.out, "bin")
	if err := os.MkdirAll(b.bin, 0o755); err != nil {
		return err
	}
	if b.work, err = os.MkdirTemp("", "dagrun-bench-*"); err != nil {
		return err
	}
	b.res = &Results{Plan: b.plan, Machine: machine(wd)}
	b.logf("dagrun benchmark suite (%s) on %d CPUs, %s, load %s", map[bool]string{true: "QUICK", false: "full"}[b.plan.Quick], b.res.Machine.CPUs, b.res.Machine.Model, b.res.Machine.LoadAvgStart)

	b.timer = &timer{limit: 5 * time.Minute, log: b.logf}
	if _, err := os.Stat("/usr/bin/time"); err != nil && os.Geteuid() == 0 && !b.plan.Quick {
		b.logf("installing GNU time (apt-get install -y time) for peak RSS")
		_ = exec.Command("apt-get", "install", "-y", "-qq", "time").Run()
	}
	if _, err := os.Stat("/usr/bin/time"); err == nil {
		b.timer.timeBin = "/usr/bin/time"
		b.tools.Time = tool{Path: "/usr/bin/time", Version: "GNU time -v"}
	} else {
		b.tools.Time = tool{Skipped: "/usr/bin/time not found: peak RSS comes from the rusage of wait4 (the same number time -v prints)"}
	}

	// Our own programs: a failure to build dagrun or the floor ends the suite.
	b.logf("building dagrun, floor, libbench")
	for _, t := range []struct {
		dst *tool
		pkg string
		out string
	}{
		{&b.tools.Dagrun, "./cmd/dagrun", "dagrun"},
		{&b.tools.Floor, "./bench/cmd/floor", "floor"},
		{&b.tools.Libbench, "./bench/cmd/libbench", "libbench"},
	} {
		path := filepath.Join(b.bin, t.out)
		if out, err := goCmd(b.root, staticEnv, "build", "-o", path, t.pkg); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", t.pkg, err, out)
		}
		*t.dst = tool{Path: path}
	}
	b.tools.Dagrun.Version = firstLine(run(b.root, b.tools.Dagrun.Path, "version"))

	if p, err := exec.LookPath("make"); err == nil {
		b.tools.Make = tool{Path: p, Version: firstLine(run(b.root, p, "--version"))}
	} else {
		b.tools.Make = tool{Skipped: "make not found in PATH"}
	}

	if b.noPeers {
		b.tools.Taskflow = tool{Skipped: "not needed by the phases run"}
		b.tools.Task = tool{Skipped: "not needed by the phases run"}
	} else {
		b.tools.Taskflow = b.buildTaskflow()
		b.tools.Task = b.findTask()
	}
	b.res.Tools = b.tools
	for name, t := range map[string]tool{"make": b.tools.Make, "task": b.tools.Task, "go-taskflow": b.tools.Taskflow} {
		if !t.ok() {
			b.logf("peer %s: skipped (%s)", name, t.Skipped)
		}
	}
	return nil
}

// buildTaskflow builds bench/taskflow, a module of its own (go-taskflow never
// enters dagrun's go.mod). -mod=mod lets it record go.sum entries that a change
// of dagrun's go.mod calls for.
func (b *bench) buildTaskflow() tool {
	path := filepath.Join(b.bin, "taskflow")
	dir := filepath.Join(b.root, "bench", "taskflow")
	out, err := goCmd(dir, append([]string{"GOFLAGS=-mod=mod", "GOWORK=off"}, staticEnv...), "build", "-o", path, ".")
	if err != nil {
		return tool{Skipped: "cannot build bench/taskflow with go-taskflow " + taskflowVers + ": " + lastLine(out)}
	}
	return tool{Path: path, Version: "github.com/noneback/go-taskflow " + taskflowVers}
}

// findTask returns go-task v3.54.0: $TASK, or bench/out/bin/task, or installed
// there now with go install (not in QUICK mode).
func (b *bench) findTask() tool {
	want := strings.TrimPrefix(taskVersion, "v")
	var candidates []string
	if p := os.Getenv("TASK"); p != "" {
		candidates = append(candidates, p)
	}
	local := filepath.Join(b.bin, "task")
	candidates = append(candidates, local)
	for _, p := range candidates {
		if v := firstLine(run(b.root, p, "--version")); strings.Contains(v, want) {
			return tool{Path: p, Version: "go-task " + v}
		}
	}
	if !b.plan.InstallTask {
		return tool{Skipped: fmt.Sprintf("not installed in bench/out/bin and QUICK mode does not install it (a full `make bench` does: go install %s@%s)", taskModule, taskVersion)}
	}
	b.logf("installing Task: go install %s@%s (a few minutes, once)", taskModule, taskVersion)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "install", taskModule+"@"+taskVersion)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), append([]string{"GOBIN=" + b.bin, "GOWORK=off"}, staticEnv...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return tool{Skipped: fmt.Sprintf("go install %s@%s failed: %s", taskModule, taskVersion, lastLine(string(out)))}
	}
	if v := firstLine(run(b.root, local, "--version")); strings.Contains(v, want) {
		return tool{Path: local, Version: "go-task " + v}
	}
	return tool{Skipped: "installed task does not report version " + want}
}

// staticEnv builds every Go program of the suite as Go CLIs are released
// (Task's releases, like `make build`, are built without cgo): statically
// linked, so no process pays for loading libc, whichever packages it imports.
var staticEnv = []string{"CGO_ENABLED=0"}

func goCmd(dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// run runs a short command and returns its output ("" on failure).
func run(dir, name string, args ...string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return string(out)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func machine(root string) Machine {
	m := Machine{CPUs: runtime.NumCPU(), Date: time.Now().UTC().Format("2006-01-02 15:04 UTC"), LoadAvgStart: loadAvg()}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.Model = strings.TrimSpace(v)
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(data))
	}
	m.Go = firstLine(run(root, "go", "version"))
	m.Commit = firstLine(run(root, "git", "rev-parse", "--short", "HEAD"))
	if st := run(root, "git", "status", "--porcelain", "--untracked-files=no"); strings.TrimSpace(st) != "" {
		m.Commit += " + uncommitted changes"
	}
	return m
}

func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := bytes.Fields(data)
	if len(f) < 3 {
		return "?"
	}
	return string(bytes.Join(f[:3], []byte(" ")))
}
