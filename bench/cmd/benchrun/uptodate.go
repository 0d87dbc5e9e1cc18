package main

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// upToDateResult is what an up-to-date build costs: a 1000-pipe build of
// pipes with 10 source files each, its first apply (every pipe runs) and
// its second (every pipe is up to date), and the Go benchmarks of the check
// per source file and of hashing.
type upToDateResult struct {
	Pipes       int       `json:"pipes"`
	Sources     int       `json:"sources_per_pipe"`
	SourceBytes int       `json:"source_bytes"`
	WorkMS      int       `json:"work_ms"`
	P           int       `json:"parallelism"`
	First       []float64 `json:"first_s"`  // per round
	Second      []float64 `json:"second_s"` // per round
	// CheckNsPerFile and HashNsPerMiB come from `go test -bench` of
	// internal/uptodate (BenchmarkCheck, BenchmarkHash).
	CheckNsPerFile float64 `json:"check_ns_per_file"`
	HashNsPerMiB   float64 `json:"hash_ns_per_mib"`
	Err            string  `json:"error,omitempty"`
	// Measured is when the phase ran, LoadAvg the load average then.
	Measured string `json:"measured"`
	LoadAvg  string `json:"load_avg"`
}

// ratio is the median over the rounds of second / first.
func (r *upToDateResult) ratio() float64 {
	var rs []float64
	for k := range min(len(r.First), len(r.Second)) {
		if r.First[k] > 0 {
			rs = append(rs, r.Second[k]/r.First[k])
		}
	}
	return median(rs)
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return nanValue()
	}
	v = slices.Sorted(slices.Values(v))
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func nanValue() float64 { z := 0.0; return z / z }

// upToDatePhase times the first and the second apply of the build, in
// rounds that each start from an empty state directory, then runs the Go
// benchmarks.
func (b *bench) upToDatePhase() error {
	r := &upToDateResult{Pipes: 1000, Sources: 10, SourceBytes: 4 << 10, WorkMS: 20, P: 2,
		Measured: time.Now().UTC().Format("2006-01-02 15:04 UTC"), LoadAvg: loadAvg()}
	b.res.UpToDate = r
	dir := filepath.Join(b.work, "uptodate")
	if err := writeUpToDateBuild(dir, r); err != nil {
		return err
	}
	rounds := 3
	if b.plan.Quick {
		rounds = 1
	}
	cmd := command{Name: "dagrun", Dir: dir, Argv: []string{b.tools.Dagrun.Path, "apply", "--parallelism", strconv.Itoa(r.P),
		"--state-dir", filepath.Join(dir, "state"), "pipeline.hcl"}}
	for k := range rounds {
		_ = os.RemoveAll(filepath.Join(dir, "state"))
		first, _, _, _, _, err := b.timer.run(cmd, false)
		if err != nil {
			r.Err = err.Error()
			return nil
		}
		second, _, _, _, _, err := b.timer.run(cmd, false)
		if err != nil {
			r.Err = err.Error()
			return nil
		}
		r.First, r.Second = append(r.First, first), append(r.Second, second)
		b.logf("uptodate round %d: first %.2f s, second %.3f s", k+1, first, second)
	}
	_ = os.RemoveAll(filepath.Join(dir, "state"))
	benchtime := "3s"
	if b.plan.Quick {
		benchtime = "500ms"
	}
	out, err := exec.Command("go", "test", "-run", "^$", "-bench", "^(BenchmarkCheck|BenchmarkHash)$", "-benchtime", benchtime, "./internal/uptodate").CombinedOutput()
	if err != nil {
		r.Err = fmt.Sprintf("go test -bench: %v: %s", err, bytes.TrimSpace(out))
		return nil
	}
	r.CheckNsPerFile = benchMetric(out, "BenchmarkCheck", "ns/file")
	r.HashNsPerMiB = benchMetric(out, "BenchmarkHash", "ns/MiB")
	b.logf("uptodate: check %.1f µs per source file, hashing %.2f ms per MiB", r.CheckNsPerFile/1e3, r.HashNsPerMiB/1e6)
	return nil
}

// benchMetric reads the value of unit on the line of benchmark name in the
// output of go test -bench.
func benchMetric(out []byte, name, unit string) float64 {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || !strings.HasPrefix(f[0], name+"-") && f[0] != name {
			continue
		}
		for i := 1; i+1 < len(f); i++ {
			if f[i+1] == unit {
				v, err := strconv.ParseFloat(f[i], 64)
				if err == nil {
					return v
				}
			}
		}
	}
	return nanValue()
}

// writeUpToDateBuild writes the build: r.Pipes pipes in 10 levels, each
// depending on one pipe of the level before, each reading its own
// r.Sources files of r.SourceBytes (random, so that nothing compresses or
// dedups) and doing r.WorkMS of work.
func writeUpToDateBuild(dir string, r *upToDateResult) error {
	var hcl strings.Builder
	fmt.Fprintf(&hcl, "pipeline \"uptodate\" {}\n\ndefaults {\n  retries = 0\n}\n")
	rnd := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, r.SourceBytes)
	width := r.Pipes / 10
	for i := range r.Pipes {
		src := filepath.Join(dir, "src", fmt.Sprintf("p%d", i))
		if err := os.MkdirAll(src, 0o755); err != nil {
			return err
		}
		for k := range r.Sources {
			for j := range data {
				data[j] = byte('a' + rnd.IntN(26))
			}
			if err := os.WriteFile(filepath.Join(src, fmt.Sprintf("f%d.c", k)), data, 0o644); err != nil {
				return err
			}
		}
		fmt.Fprintf(&hcl, "\npipe \"p%d\" {\n  use     = \"exec\"\n  command = [\"sleep\", \"%g\"]\n  sources = [\"src/p%d/*.c\"]\n", i, float64(r.WorkMS)/1000, i)
		if i >= width {
			fmt.Fprintf(&hcl, "  depends_on = [pipe.p%d]\n", i-width)
		}
		hcl.WriteString("}\n")
	}
	return os.WriteFile(filepath.Join(dir, "pipeline.hcl"), []byte(hcl.String()), 0o644)
}

// upToDateTargets are the goals of the up-to-date checks.
func (b *bench) upToDateTargets() []target {
	r := b.res.UpToDate
	t1 := target{Group: "uptodate", Name: "up-to-date build, 1000 pipes × 10 sources, 20 ms work each, -j2: second apply / first apply", Limit: "≤ 0.10×", Status: notMeasure}
	t2 := target{Group: "uptodate", Name: "up-to-date check per source file of 4 KiB", Limit: "≤ 50 µs", Status: notMeasure}
	if r == nil || r.Err != "" {
		return []target{t1, t2}
	}
	if v := r.ratio(); v == v {
		t1.Measured = fmt.Sprintf("%.3f× (%s / %s)", v, fs(median(r.Second)), fs(median(r.First)))
		t1.Status = status([]check{{v, 0.10, true}})
	}
	if v := r.CheckNsPerFile; v == v && v > 0 {
		t2.Measured = fmt.Sprintf("%.1f µs (hashing: %.2f ms per MiB)", v/1e3, r.HashNsPerMiB/1e6)
		t2.Status = status([]check{{v / 1e3, 50, true}})
	}
	return []target{t1, t2}
}

// upToDateMarkdown is the report's section on up-to-date checks.
func (b *bench) upToDateMarkdown(p func(string, ...any)) {
	r := b.res.UpToDate
	if r == nil {
		return
	}
	p("## Up-to-date pipes")
	p("")
	p("A build of %d pipes with `sources` (10 levels of %d, each pipe depending on one of the level before), each reading %d files of %d KiB of its own and running `sleep %g`: `dagrun apply --parallelism %d` from an empty state directory (every pipe runs), then again (every pipe is up to date: its sources are read and hashed, its key compared with its record). Each round starts from an empty state directory.", r.Pipes, r.Pipes/10, r.Sources, r.SourceBytes>>10, float64(r.WorkMS)/1000, r.P)
	p("")
	if r.Err != "" {
		p("Failed: %s", mdEscape(r.Err))
		p("")
		return
	}
	p("| round | first apply | second apply | second / first |")
	p("|---|---|---|---|")
	for k := range min(len(r.First), len(r.Second)) {
		p("| %d | %s | %s | %.3f× |", k+1, fs(r.First[k]), fs(r.Second[k]), r.Second[k]/r.First[k])
	}
	p("")
	p("Go benchmarks (`go test -bench . ./internal/uptodate`): the check of a pipe that is up to date, per source file of 4 KiB (glob, read, SHA-256, key, record, its generated file): %.1f µs; hashing a file: %.2f ms per MiB (%.0f MiB/s).", r.CheckNsPerFile/1e3, r.HashNsPerMiB/1e6, 1e9/r.HashNsPerMiB)
	p("")
}
