package golden

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/go-cmp/cmp"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Reporter is where the checks report differences (a *testing.T).
type Reporter interface {
	Errorf(format string, args ...any)
}

// Summary is the run_finished line of `apply --output json`.
type Summary struct {
	Type    string                     `json:"type"`
	Status  string                     `json:"status"`
	Error   string                     `json:"error"`
	Outputs map[string]json.RawMessage `json:"outputs"`
	Pipes   []struct {
		Pipe     string `json:"pipe"`
		Status   string `json:"status"`
		Reason   string `json:"reason"`
		Attempts int    `json:"attempts"`
		Reused   bool   `json:"reused"`
	} `json:"pipes"`
}

// Show is what `dagrun runs show RUN --output json` prints.
type Show struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Counts struct {
		Succeeded int `json:"succeeded"`
		Failed    int `json:"failed"`
		Skipped   int `json:"skipped"`
		Cancelled int `json:"cancelled"`
		UpToDate  int `json:"up_to_date"`
	} `json:"counts"`
	Pipes []struct {
		Pipe     string `json:"pipe"`
		Status   string `json:"status"`
		Reason   string `json:"reason"`
		Attempts int    `json:"attempts"`
		Reused   bool   `json:"reused"`
	} `json:"pipes"`
}

// ApplyRun is one `dagrun apply --output json` of a case.
type ApplyRun struct {
	ExitCode int
	Summary  Summary // the run_finished line
	Stdout   string
	Stderr   string
}

// Apply runs cmd, a `dagrun apply --output json` (with neither Stdout nor
// Stderr set), and interrupts it (SIGINT) as g says: once an attempt of
// g.CancelOnStart has started (its pipe_started line), or g.CancelAfterMS
// after it started. It fails when the command could not run, printed a line
// that is not JSON or did not end with a run_finished line; an exit code
// other than 0 is in the result.
func Apply(cmd *exec.Cmd, g *Golden) (*ApplyRun, error) {
	args := cmd.Args[1:]
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	interrupt := sync.OnceFunc(func() { _ = cmd.Process.Signal(os.Interrupt) })
	if ms := g.CancelAfterMS; ms > 0 {
		timer := time.AfterFunc(time.Duration(ms)*time.Millisecond, interrupt)
		defer timer.Stop()
	}
	var last []byte
	var all strings.Builder
	var notJSON []string
	sc := bufio.NewScanner(stdout)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		all.Write(line)
		all.WriteByte('\n')
		var ev struct{ Type, Pipe string }
		if err := json.Unmarshal(line, &ev); err != nil {
			notJSON = append(notJSON, string(line))
			continue
		}
		if ev.Type == "pipe_started" && ev.Pipe == g.CancelOnStart && ev.Pipe != "" {
			interrupt()
		}
		last = append(last[:0], line...)
	}
	werr := cmd.Wait()
	var exitErr *exec.ExitError
	if werr != nil && !errors.As(werr, &exitErr) {
		return nil, fmt.Errorf("dagrun %s: %v\n%s", strings.Join(args, " "), werr, stderr.Bytes())
	}
	run := &ApplyRun{ExitCode: cmd.ProcessState.ExitCode(), Stdout: all.String(), Stderr: stderr.String()}
	if len(notJSON) > 0 {
		return run, fmt.Errorf("dagrun %s printed lines that are not JSON: %q", strings.Join(args, " "), notJSON)
	}
	if err := json.Unmarshal(last, &run.Summary); err != nil || run.Summary.Type != "run_finished" {
		return run, fmt.Errorf("dagrun %s: the last line is not a run_finished event: %q (exit %d)\n%s", strings.Join(args, " "), last, run.ExitCode, stderr.Bytes())
	}
	return run, nil
}

// RunsShow runs cmd, a `dagrun runs show RUN --output json` (with neither
// Stdout nor Stderr set), and reads what it prints.
func RunsShow(cmd *exec.Cmd) (*Show, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("dagrun runs show: %v\n%s", err, stderr.Bytes())
	}
	var show Show
	if err := json.Unmarshal(out, &show); err != nil {
		return nil, fmt.Errorf("dagrun runs show: %v\n%s", err, out)
	}
	return &show, nil
}

// RecordedOutputs reads the outputs a run recorded (docs/state.md:
// runs/ID/outputs.jsonl, the exact outputs of the succeeded pipes) as
// canonical JSON by pipe.
func RecordedOutputs(stateDir, runID string) (map[string]string, error) {
	f, err := os.Open(filepath.Join(stateDir, "runs", runID, "outputs.jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	outs := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var rec struct {
			Pipe  string          `json:"pipe"`
			Type  json.RawMessage `json:"type"`
			Value json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("outputs.jsonl: %w", err)
		}
		typ, err := ctyjson.UnmarshalType(rec.Type)
		if err != nil {
			return nil, fmt.Errorf("outputs.jsonl: pipe %s: %w", rec.Pipe, err)
		}
		v, err := ctyjson.Unmarshal(rec.Value, typ)
		if err != nil {
			return nil, fmt.Errorf("outputs.jsonl: pipe %s: %w", rec.Pipe, err)
		}
		if outs[rec.Pipe], err = CtyJSON(v); err != nil {
			return nil, fmt.Errorf("outputs.jsonl: pipe %s: %w", rec.Pipe, err)
		}
	}
	return outs, sc.Err()
}

// CheckApply checks a run of `dagrun apply --output json`: its exit code, its
// summary, and outs, the outputs it recorded (RecordedOutputs: those of
// succeeded rows). reused are the rows the run must have reused (the resume
// view; nil: none). view names the run in the report.
func (g *Golden) CheckApply(r Reporter, view string, run *ApplyRun, outs map[string]string, reused map[string]bool) {
	if want := g.ExitCode(); run.ExitCode != want {
		r.Errorf("exit code %d, want %d\nstderr:\n%s", run.ExitCode, want, run.Stderr)
	}
	if run.Summary.Status != g.Run.Status {
		r.Errorf("run status %s, want %s", run.Summary.Status, g.Run.Status)
	}
	want := g.Want(func(p Pipe) bool { return p.Status == "succeeded" })
	for i := range want {
		want[i].Reused = reused[want[i].ID]
	}
	got := make([]Row, 0, len(run.Summary.Pipes))
	for _, p := range run.Summary.Pipes {
		row := Row{ID: p.Pipe, Status: p.Status, Reason: p.Reason, Attempts: p.Attempts, Reused: p.Reused}
		if out, ok := outs[p.Pipe]; ok {
			row.Output = out
		} else if p.Status == "succeeded" {
			row.Output = "null"
		}
		got = append(got, row)
	}
	if d := cmp.Diff(want, Align(want, got)); d != "" {
		r.Errorf("pipes (-golden +%s):\n%s", view, d)
	}
	if g.Outputs != nil {
		outs := map[string]string{}
		for name, v := range run.Summary.Outputs {
			s, err := CanonicalJSON(v)
			if err != nil {
				r.Errorf("output %s: %v", name, err)
			}
			outs[name] = s
		}
		g.CheckOutputs(r, outs)
	}
}

// CheckShow checks `dagrun runs show --output json` of the run.
func (g *Golden) CheckShow(r Reporter, show *Show) {
	if show.Status != g.Run.Status {
		r.Errorf("run status %s, want %s", show.Status, g.Run.Status)
	}
	want := g.Want(func(Pipe) bool { return false })
	got := make([]Row, 0, len(show.Pipes))
	for _, p := range show.Pipes {
		got = append(got, Row{ID: p.Pipe, Status: p.Status, Reason: p.Reason, Attempts: p.Attempts, Reused: p.Reused})
	}
	if d := cmp.Diff(want, Align(want, got)); d != "" {
		r.Errorf("pipes (-golden +runs show):\n%s", d)
	}
	wantCounts := g.Counts()
	gotCounts := map[string]int{
		"succeeded": show.Counts.Succeeded, "failed": show.Counts.Failed,
		"skipped": show.Counts.Skipped, "cancelled": show.Counts.Cancelled, "up_to_date": show.Counts.UpToDate,
	}
	for _, s := range Statuses {
		if wantCounts[s] != gotCounts[s] {
			r.Errorf("counts: %d %s, want %d", gotCounts[s], s, wantCounts[s])
		}
	}
}

// CheckOutputs compares the values of the output blocks with the golden's.
func (g *Golden) CheckOutputs(r Reporter, got map[string]string) {
	want := map[string]string{}
	for name, v := range g.Outputs {
		want[name], _ = CanonicalJSON(v) // checked by Load
	}
	if d := cmp.Diff(want, got); d != "" {
		r.Errorf("outputs (-golden +got):\n%s", d)
	}
}

// CheckCounters compares the per-pipe counters of the metrics textfile at
// path with those the golden implies (WantCounters).
func CheckCounters(r Reporter, s Shape, path string) {
	want, err := WantCounters(s)
	if err != nil {
		r.Errorf("%v", err)
		return
	}
	got, err := ReadCounters(path)
	if err != nil {
		r.Errorf("%v", err)
		return
	}
	if d := cmp.Diff(want, got); d != "" {
		r.Errorf("counters (-golden +textfile):\n%s", d)
	}
}
