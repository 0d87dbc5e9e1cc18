// Package golden reads the goldens of the conformance suite
// (internal/conformance/testdata/CASE/golden.json) and compares runs with
// them: the library's result, `dagrun apply --output json`, `dagrun runs
// show` and the metrics textfile. The suite's tests and the Temporal
// engine's integration tests (temporal/itest) check the same goldens with it.
package golden

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Golden is a case's golden.json: how its run must end, pipe by pipe.
type Golden struct {
	// Description says what the case is about; not checked.
	Description string `json:"description,omitempty"`
	// Args are extra flags of `dagrun apply` (the library view understands
	// --fail-fast and --parallelism N).
	Args []string `json:"args,omitempty"`
	// CancelOnStart cancels the run (SIGINT for the command) as soon as an
	// attempt of this pipe has started.
	CancelOnStart string `json:"cancel_on_start,omitempty"`
	// CancelAfterMS cancels the run this long after it started. A timer races
	// with the pipes; prefer CancelOnStart.
	CancelAfterMS int `json:"cancel_after_ms,omitempty"`
	// NoResume leaves the case out of the resume view.
	NoResume bool `json:"no_resume,omitempty"`
	Run      struct {
		Status string `json:"status"`
	} `json:"run"`
	// Pipes has one row per pipe, for_each instance and composite step, in
	// any order.
	Pipes []Pipe `json:"pipes"`
	// Outputs are the values of the pipeline's output blocks; nil: not
	// checked.
	Outputs map[string]json.RawMessage `json:"outputs,omitempty"`
}

// Pipe is the expected result of one row.
type Pipe struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Reason   string `json:"reason"`
	Attempts int    `json:"attempts"`
	// Output is the expected output as JSON; absent (nil) means not
	// compared, as for composites and fan-outs.
	Output json.RawMessage `json:"output,omitempty"`
	// Timeouts is how many of the attempts ended by their own timeout (the
	// others that failed ended in an error); for the metrics view.
	Timeouts int `json:"timeouts,omitempty"`
	// Retries is how many retries were scheduled, when it is not attempts-1
	// (a pipe cancelled while it waited to retry); for the metrics view.
	Retries *int `json:"retries,omitempty"`
}

var (
	// Statuses are the final statuses of a pipe.
	Statuses    = []string{"succeeded", "failed", "skipped", "cancelled", "up_to_date"}
	skipReasons = []string{"upstream_failed", "upstream_skipped", "condition_false", "trigger_not_met", "filtered", "all_filtered", "self"}
	stopReasons = []string{"run_cancelled", "fail_fast", "run_timeout"}
)

// Load reads and checks the golden.json of the case in dir.
func Load(dir string) (*Golden, error) {
	b, err := os.ReadFile(filepath.Join(dir, "golden.json"))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var g Golden
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("golden.json: %w", err)
	}
	if err := g.check(); err != nil {
		return nil, fmt.Errorf("golden.json: %w", err)
	}
	return &g, nil
}

// check rejects goldens that no run could match: typos in statuses and
// reasons, duplicate rows.
func (g *Golden) check() error {
	if !slices.Contains([]string{"succeeded", "failed", "cancelled"}, g.Run.Status) {
		return fmt.Errorf("run status %q: want succeeded, failed or cancelled", g.Run.Status)
	}
	if len(g.Pipes) == 0 {
		return fmt.Errorf("no pipes")
	}
	seen := map[string]bool{}
	for _, p := range g.Pipes {
		if seen[p.ID] {
			return fmt.Errorf("pipe %q listed twice", p.ID)
		}
		seen[p.ID] = true
		var reasons []string
		switch p.Status {
		case "succeeded", "failed":
			reasons = []string{""}
		case "skipped":
			reasons = skipReasons
		case "cancelled":
			reasons = stopReasons
		default:
			return fmt.Errorf("pipe %q: status %q: want one of %s", p.ID, p.Status, strings.Join(Statuses, ", "))
		}
		if !slices.Contains(reasons, p.Reason) {
			return fmt.Errorf("pipe %q: reason %q does not go with status %s", p.ID, p.Reason, p.Status)
		}
		if p.Attempts < 0 || p.Timeouts < 0 || p.Timeouts > p.Attempts {
			return fmt.Errorf("pipe %q: attempts %d, timeouts %d", p.ID, p.Attempts, p.Timeouts)
		}
		if p.Output != nil {
			if _, err := CanonicalJSON(p.Output); err != nil {
				return fmt.Errorf("pipe %q: output: %w", p.ID, err)
			}
		}
	}
	for name, v := range g.Outputs {
		if _, err := CanonicalJSON(v); err != nil {
			return fmt.Errorf("output %q: %w", name, err)
		}
	}
	if g.CancelOnStart != "" && !seen[g.CancelOnStart] {
		return fmt.Errorf("cancel_on_start: no pipe %q", g.CancelOnStart)
	}
	return nil
}

// ExitCode is the exit code of `dagrun apply` for the run's status.
func (g *Golden) ExitCode() int {
	switch g.Run.Status {
	case "failed":
		return 1
	case "cancelled":
		return 130
	}
	return 0
}

// Row is one pipe of a result as the views compare it.
type Row struct {
	ID       string
	Status   string
	Reason   string
	Attempts int
	// Output is canonical JSON, "" when not compared.
	Output string
	Reused bool
}

// Want returns the golden rows; withOutput says whether the view compares
// the output of a row that has one in the golden.
func (g *Golden) Want(withOutput func(Pipe) bool) []Row {
	rows := make([]Row, 0, len(g.Pipes))
	for _, p := range g.Pipes {
		r := Row{ID: p.ID, Status: p.Status, Reason: p.Reason, Attempts: p.Attempts}
		if p.Output != nil && withOutput(p) {
			r.Output, _ = CanonicalJSON(p.Output) // checked by Load
		}
		rows = append(rows, r)
	}
	return rows
}

// Align orders got like want (rows want lacks go last, in their order) and
// clears the outputs want does not compare, so that cmp.Diff shows only
// differences that matter.
func Align(want, got []Row) []Row {
	pos := make(map[string]int, len(want))
	for i, r := range want {
		pos[r.ID] = i
	}
	out := slices.Clone(got)
	for i := range out {
		if k, ok := pos[out[i].ID]; ok && want[k].Output == "" {
			out[i].Output = ""
		}
	}
	slices.SortStableFunc(out, func(a, b Row) int {
		ka, oka := pos[a.ID]
		kb, okb := pos[b.ID]
		switch {
		case oka && okb:
			return ka - kb
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	return out
}

// Counts tallies the golden rows by status, as run.json's counts do.
func (g *Golden) Counts() map[string]int {
	c := map[string]int{}
	for _, p := range g.Pipes {
		c[p.Status]++
	}
	return c
}

// CanonicalJSON re-encodes a JSON text so that equal values have equal texts.
func CanonicalJSON(b []byte) (string, error) {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return "", err
	}
	out, err := json.Marshal(v)
	return string(out), err
}

// CtyJSON is v as canonical JSON; cty.NilVal is null.
func CtyJSON(v cty.Value) (string, error) {
	if v == cty.NilVal {
		return "null", nil
	}
	b, err := ctyjson.SimpleJSONValue{Value: v}.MarshalJSON()
	if err != nil {
		return "", err
	}
	return CanonicalJSON(b)
}
