package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dagrun/dagrun/bench/internal/measure"
)

// command is one thing to time: a program run in a directory, stdout to
// /dev/null (never a terminal).
type command struct {
	Name  string
	Dir   string
	Argv  []string
	Clean []string // removed after each run (besides the state in Dir)
}

// series is what the alternating timer measured for one command.
type series struct {
	Name string    `json:"name"`
	Argv []string  `json:"argv"`
	Runs []float64 `json:"runs"` // seconds, one per round; NaN when the round did not run it
	CPU  []float64 `json:"cpu"`  // user+sys seconds of the timed runs, children included
	// OwnCPU is user+sys seconds of the timed runs' process itself, its
	// children excluded (where it could be read).
	OwnCPU []float64 `json:"own_cpu,omitempty"`
	RSSKB  int64     `json:"rss_kb"`
	RSSVia string    `json:"rss_via,omitempty"` // "/usr/bin/time -v" or "rusage"
	Err    string    `json:"error,omitempty"`
}

// ok reports whether the command ran without failing.
func (s *series) ok() bool { return s != nil && s.Err == "" && len(s.valid()) > 0 }

func (s *series) valid() []float64 {
	var out []float64
	for _, r := range s.Runs {
		if !math.IsNaN(r) {
			out = append(out, r)
		}
	}
	return out
}

// Median run time in seconds (NaN without runs).
func (s *series) Median() float64 {
	v := s.valid()
	if len(v) == 0 {
		return math.NaN()
	}
	return measure.Median(v)
}

// Min run time in seconds.
func (s *series) Min() float64 {
	v := s.valid()
	if len(v) == 0 {
		return math.NaN()
	}
	return slices.Min(v)
}

// MedianCPU is the median CPU time (user + system, children included) of a run.
func (s *series) MedianCPU() float64 {
	if len(s.CPU) == 0 {
		return math.NaN()
	}
	return measure.Median(s.CPU)
}

// MedianOwnCPU is the median CPU time of the process itself, its children
// excluded (NaN when not measured).
func (s *series) MedianOwnCPU() float64 {
	if len(s.OwnCPU) == 0 {
		return math.NaN()
	}
	return measure.Median(s.OwnCPU)
}

// Max run time in seconds.
func (s *series) Max() float64 {
	v := s.valid()
	if len(v) == 0 {
		return math.NaN()
	}
	return slices.Max(v)
}

// pairedRatio is the median over rounds of a's time / b's time in the same
// round: runs of one round are seconds apart, so the ratio cancels most of the
// drift of a shared machine.
func pairedRatio(a, b *series) float64 {
	if !a.ok() || !b.ok() {
		return math.NaN()
	}
	var rs []float64
	for i := range min(len(a.Runs), len(b.Runs)) {
		if !math.IsNaN(a.Runs[i]) && !math.IsNaN(b.Runs[i]) && b.Runs[i] > 0 {
			rs = append(rs, a.Runs[i]/b.Runs[i])
		}
	}
	if len(rs) == 0 {
		return math.NaN()
	}
	return measure.Median(rs)
}

// timer runs commands.
type timer struct {
	timeBin string        // /usr/bin/time, or "" when absent
	limit   time.Duration // per run
	log     func(format string, args ...any)
}

// rounds bound an alternation: at least Min rounds, at most Max, and no new
// round once Budget has passed (after Min).
type rounds struct {
	Min, Max int
	Budget   time.Duration
}

// alternate times cmds over rounds, in a rotating order so that no command
// always runs first or right after the same neighbour. With warm, each command
// first runs once untimed under /usr/bin/time -v, which gives its peak RSS. A
// command that fails is not run again; its series carries the error.
func (t *timer) alternate(cmds []command, rs rounds, warm bool) []*series {
	out := make([]*series, len(cmds))
	for i, c := range cmds {
		out[i] = &series{Name: c.Name, Argv: c.Argv}
	}
	start := time.Now()
	if warm {
		for i, c := range cmds {
			_, rss, via, _, _, err := t.run(c, true)
			out[i].RSSKB, out[i].RSSVia = rss, via
			if err != nil {
				out[i].Err = err.Error()
				t.log("  %-22s FAILED: %v", c.Name, err)
			}
		}
	}
	for r := 0; r < rs.Max; r++ {
		if r >= rs.Min && rs.Budget > 0 && time.Since(start) > rs.Budget {
			break
		}
		for k := range cmds {
			i := (k + r) % len(cmds)
			s := out[i]
			if s.Err != "" {
				s.Runs = append(s.Runs, math.NaN())
				continue
			}
			d, rss, via, cpu, own, err := t.run(cmds[i], false)
			if err != nil {
				s.Err = err.Error()
				s.Runs = append(s.Runs, math.NaN())
				t.log("  %-22s FAILED: %v", cmds[i].Name, err)
				continue
			}
			s.Runs = append(s.Runs, d)
			s.CPU = append(s.CPU, cpu)
			if !math.IsNaN(own) { // JSON has no NaN
				s.OwnCPU = append(s.OwnCPU, own)
			}
			if s.RSSKB == 0 {
				s.RSSKB, s.RSSVia = rss, via
			}
		}
	}
	for _, s := range out {
		if s.ok() {
			t.log("  %-22s median %7.3fs  min %7.3fs  max %7.3fs  (%d runs)  cpu %6.3fs  rss %6.1f MB", s.Name, s.Median(), s.Min(), s.Max(), len(s.valid()), s.MedianCPU(), float64(s.RSSKB)/1024)
		}
	}
	return out
}

// run runs c once and returns its wall time in seconds, its peak RSS (kB) and
// its CPU time (user + system, its reaped children included) and the CPU
// time of the process alone (NaN with /usr/bin/time in between): RSS from
// /usr/bin/time -v when withTime and it exists, else from the rusage of the wait.
func (t *timer) run(c command, withTime bool) (wall float64, rssKB int64, rssVia string, cpu, own float64, err error) {
	argv := c.Argv
	var rssFile string
	if withTime && t.timeBin != "" {
		f, err := os.CreateTemp("", "benchrun-time-*")
		if err != nil {
			return 0, 0, "", 0, 0, err
		}
		rssFile = f.Name()
		f.Close()
		defer os.Remove(rssFile)
		argv = append([]string{t.timeBin, "-v", "-o", rssFile}, argv...)
	}
	ctx, cancel := context.WithTimeout(context.Background(), t.limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = c.Dir
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return 0, 0, "", 0, 0, err
	}
	defer devnull.Close()
	cmd.Stdout = devnull
	var stderr tailBuffer
	cmd.Stderr = &stderr
	start := time.Now()
	own = math.NaN()
	if err = cmd.Start(); err == nil {
		if rssFile == "" {
			own = ownCPU(cmd.Process.Pid)
		}
		err = cmd.Wait()
	}
	d := time.Since(start).Seconds()
	cleanState(c.Dir)
	for _, p := range c.Clean {
		_ = os.RemoveAll(p)
	}
	if ctx.Err() != nil {
		return d, 0, "", 0, 0, fmt.Errorf("timed out after %s", t.limit)
	}
	if err != nil {
		return d, 0, "", 0, 0, fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var rss int64
	via := "rusage"
	if v, ok := maxRSS(cmd.ProcessState); ok {
		rss = v
	}
	if rssFile != "" {
		if v, ok := parseTimeV(rssFile); ok {
			rss, via = v, "/usr/bin/time -v"
		}
	}
	cpu = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	return d, rss, via, cpu, own, nil
}

// cleanState removes what a run leaves beside its pipeline (dagrun's state
// directory, Task's checksums), so every run starts the same.
func cleanState(dir string) {
	for _, name := range []string{".dagrun", ".task"} {
		_ = os.RemoveAll(filepath.Join(dir, name))
	}
}

// parseTimeV reads "Maximum resident set size (kbytes): N" from the output of
// /usr/bin/time -v.
func parseTimeV(path string) (int64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if v, ok := strings.CutPrefix(line, "Maximum resident set size (kbytes):"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

// tailBuffer keeps the last 2 kB written to it.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > 2048 {
		t.b = t.b[len(t.b)-2048:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	lines := bytes.Split(bytes.TrimSpace(t.b), []byte("\n"))
	if len(lines) > 3 {
		lines = lines[len(lines)-3:]
	}
	return string(bytes.Join(lines, []byte(" | ")))
}

// UnmarshalJSON reads what MarshalJSON wrote: null runs become NaN.
func (s *series) UnmarshalJSON(data []byte) error {
	type plain series
	aux := struct {
		*plain
		Runs []*float64 `json:"runs"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	s.Runs = make([]float64, len(aux.Runs))
	for i, r := range aux.Runs {
		s.Runs[i] = math.NaN()
		if r != nil {
			s.Runs[i] = *r
		}
	}
	return nil
}

// MarshalJSON writes runs that did not happen as null (JSON has no NaN).
func (s *series) MarshalJSON() ([]byte, error) {
	type plain series
	runs := make([]*float64, len(s.Runs))
	for i, r := range s.Runs {
		runs[i] = finite(r)
	}
	return json.Marshal(struct {
		*plain
		Runs []*float64 `json:"runs"`
	}{(*plain)(s), runs})
}
