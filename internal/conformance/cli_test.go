package conformance

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// binDir holds the dagrun command built for this test binary (TestMain).
var binDir string

// buildDagrun builds the command once; every CLI view of every case uses it.
var buildDagrun = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "dagrun")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/dagrun/dagrun/cmd/dagrun").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/dagrun: %v\n%s", err, out)
	}
	return bin, nil
})

// cliTimeout bounds one dagrun invocation: a case that hangs fails alone.
const cliTimeout = 30 * time.Second

// applyRun is one `dagrun apply --output json` of a case.
type applyRun struct {
	exitCode int
	summary  jsonSummary // the run_finished line
	stderr   string
}

// jsonSummary is the run_finished line of `apply --output json`.
type jsonSummary struct {
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

// jsonShow is what `dagrun runs show RUN --output json` prints.
type jsonShow struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Counts struct {
		Succeeded int `json:"succeeded"`
		Failed    int `json:"failed"`
		Skipped   int `json:"skipped"`
		Cancelled int `json:"cancelled"`
	} `json:"counts"`
	Pipes []struct {
		Pipe     string `json:"pipe"`
		Status   string `json:"status"`
		Reason   string `json:"reason"`
		Attempts int    `json:"attempts"`
		Reused   bool   `json:"reused"`
	} `json:"pipes"`
}

// apply runs `dagrun apply --output json --state-dir stateDir` of the case's
// pipeline with extra flags, cancelling it (SIGINT) as the golden says.
func apply(t *testing.T, c *testCase, stateDir string, extra ...string) *applyRun {
	t.Helper()
	bin, err := buildDagrun()
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"apply", "--output", "json", "--state-dir", stateDir}, extra...)
	args = append(args, c.golden.Args...)
	args = append(args, filepath.Join(c.dir, "pipeline.hcl"))

	ctx, cancel := context.WithTimeout(t.Context(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	interrupt := sync.OnceFunc(func() { _ = cmd.Process.Signal(os.Interrupt) })
	if ms := c.golden.CancelAfterMS; ms > 0 {
		timer := time.AfterFunc(time.Duration(ms)*time.Millisecond, interrupt)
		defer timer.Stop()
	}
	var last []byte
	sc := bufio.NewScanner(stdout)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var ev struct{ Type, Pipe string }
		if err := json.Unmarshal(line, &ev); err != nil {
			t.Errorf("apply printed a line that is not JSON: %q", line)
			continue
		}
		if ev.Type == "pipe_started" && ev.Pipe == c.golden.CancelOnStart && ev.Pipe != "" {
			interrupt()
		}
		last = append(last[:0], line...)
	}
	werr := cmd.Wait()
	var exitErr *exec.ExitError
	if werr != nil && !errors.As(werr, &exitErr) {
		t.Fatalf("dagrun %s: %v\n%s", strings.Join(args, " "), werr, stderr.Bytes())
	}
	run := &applyRun{exitCode: cmd.ProcessState.ExitCode(), stderr: stderr.String()}
	if err := json.Unmarshal(last, &run.summary); err != nil || run.summary.Type != "run_finished" {
		t.Fatalf("dagrun %s: the last line is not a run_finished event: %q (exit %d)\n%s", strings.Join(args, " "), last, run.exitCode, stderr.Bytes())
	}
	return run
}

// runsShow runs `dagrun runs show last --output json`.
func runsShow(t *testing.T, stateDir string) *jsonShow {
	t.Helper()
	bin, err := buildDagrun()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "runs", "show", "last", "--state-dir", stateDir, "--output", "json")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("dagrun runs show: %v\n%s", err, stderr.Bytes())
	}
	var show jsonShow
	if err := json.Unmarshal(out, &show); err != nil {
		t.Fatalf("dagrun runs show: %v\n%s", err, out)
	}
	return &show
}

// recordedOutputs reads the outputs a run recorded (docs/state.md:
// runs/ID/outputs.jsonl, the exact outputs of the succeeded pipes) as
// canonical JSON by pipe.
func recordedOutputs(stateDir, runID string) (map[string]string, error) {
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
		if outs[rec.Pipe], err = ctyJSON(v); err != nil {
			return nil, fmt.Errorf("outputs.jsonl: pipe %s: %w", rec.Pipe, err)
		}
	}
	return outs, sc.Err()
}

// ctyJSON is v as canonical JSON; cty.NilVal is null.
func ctyJSON(v cty.Value) (string, error) {
	if v == cty.NilVal {
		return "null", nil
	}
	b, err := ctyjson.SimpleJSONValue{Value: v}.MarshalJSON()
	if err != nil {
		return "", err
	}
	return canonicalJSON(b)
}
