package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	dhcl "github.com/dagrun/dagrun/hcl"
)

// golden is a case's golden.json: how its run must end, pipe by pipe.
type golden struct {
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
	Pipes []goldenPipe `json:"pipes"`
	// Outputs are the values of the pipeline's output blocks; nil: not
	// checked.
	Outputs map[string]json.RawMessage `json:"outputs,omitempty"`
}

// goldenPipe is the expected result of one row.
type goldenPipe struct {
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
	statuses    = []string{"succeeded", "failed", "skipped", "cancelled"}
	skipReasons = []string{"upstream_failed", "upstream_skipped", "condition_false", "trigger_not_met"}
	stopReasons = []string{"run_cancelled", "fail_fast", "run_timeout"}
)

// loadGolden reads and checks the golden.json of the case in dir.
func loadGolden(dir string) (*golden, error) {
	b, err := os.ReadFile(filepath.Join(dir, "golden.json"))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var g golden
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
func (g *golden) check() error {
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
			return fmt.Errorf("pipe %q: status %q: want one of %s", p.ID, p.Status, strings.Join(statuses, ", "))
		}
		if !slices.Contains(reasons, p.Reason) {
			return fmt.Errorf("pipe %q: reason %q does not go with status %s", p.ID, p.Reason, p.Status)
		}
		if p.Attempts < 0 || p.Timeouts < 0 || p.Timeouts > p.Attempts {
			return fmt.Errorf("pipe %q: attempts %d, timeouts %d", p.ID, p.Attempts, p.Timeouts)
		}
		if p.Output != nil {
			if _, err := canonicalJSON(p.Output); err != nil {
				return fmt.Errorf("pipe %q: output: %w", p.ID, err)
			}
		}
	}
	for name, v := range g.Outputs {
		if _, err := canonicalJSON(v); err != nil {
			return fmt.Errorf("output %q: %w", name, err)
		}
	}
	if g.CancelOnStart != "" && !seen[g.CancelOnStart] {
		return fmt.Errorf("cancel_on_start: no pipe %q", g.CancelOnStart)
	}
	return nil
}

// exitCode is the exit code of `dagrun apply` for the run's status.
func (g *golden) exitCode() int {
	switch g.Run.Status {
	case "failed":
		return 1
	case "cancelled":
		return 130
	}
	return 0
}

// row is one pipe of a result as the views compare it.
type row struct {
	ID       string
	Status   string
	Reason   string
	Attempts int
	// Output is canonical JSON, "" when not compared.
	Output string
	Reused bool
}

// want returns the golden rows; withOutput says whether the view compares
// the output of a row that has one in the golden.
func (g *golden) want(withOutput func(goldenPipe) bool) []row {
	rows := make([]row, 0, len(g.Pipes))
	for _, p := range g.Pipes {
		r := row{ID: p.ID, Status: p.Status, Reason: p.Reason, Attempts: p.Attempts}
		if p.Output != nil && withOutput(p) {
			r.Output, _ = canonicalJSON(p.Output) // checked by loadGolden
		}
		rows = append(rows, r)
	}
	return rows
}

// align orders got like want (rows want lacks go last, in their order) and
// clears the outputs want does not compare, so that cmp.Diff shows only
// differences that matter.
func align(want, got []row) []row {
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
	slices.SortStableFunc(out, func(a, b row) int {
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

// counts tallies the golden rows by status, as run.json's counts do.
func (g *golden) counts() map[string]int {
	c := map[string]int{}
	for _, p := range g.Pipes {
		c[p.Status]++
	}
	return c
}

// canonicalJSON re-encodes a JSON text so that equal values have equal texts.
func canonicalJSON(b []byte) (string, error) {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return "", err
	}
	out, err := json.Marshal(v)
	return string(out), err
}

// shape tells, from the pipeline's model, what each row of a golden stands
// for: a pipe that works, or a group (a composite, a fan-out, an instance of
// a for_each composite) that sums up its members.
type shape struct {
	cfg *dhcl.Pipeline
	g   *golden
}

// pipe returns the pipe of the pipeline row id is a result of, and whether
// the row is an instance of it (id[key], id[key].step).
func (s shape) pipe(id string) (*dhcl.Pipe, bool, error) {
	open := strings.IndexByte(id, '[')
	if open < 0 {
		cp, ok := s.cfg.Pipe(id)
		if !ok {
			return nil, false, fmt.Errorf("row %q: no such pipe in the pipeline", id)
		}
		return cp, false, nil
	}
	name := id[:open]
	if end := strings.LastIndexByte(id, ']'); end >= 0 {
		if suffix := id[end+1:]; suffix != "" {
			name = suffix[strings.LastIndexByte(suffix, '.')+1:]
		}
	}
	cp, ok := s.cfg.Pipe(name)
	if !ok {
		return nil, false, fmt.Errorf("row %q: no pipe %q in the pipeline", id, name)
	}
	return cp, true, nil
}

// group reports whether row id is a group, whose result sums up its members.
func (s shape) group(id string) (bool, error) {
	cp, instance, err := s.pipe(id)
	if err != nil {
		return false, err
	}
	return cp.Composite || (cp.ForEach != nil && !instance), nil
}

// series is the name of the metrics series of a working row: the pipe's id,
// which for_each instances share.
func (s shape) series(id string) (string, error) {
	cp, _, err := s.pipe(id)
	if err != nil {
		return "", err
	}
	return cp.ID, nil
}

// members returns the rows a group sums up: a composite's direct steps, a
// fan-out's instances id[key], a for_each composite instance's steps.
func (s shape) members(id string) ([]string, error) {
	cp, instance, err := s.pipe(id)
	if err != nil {
		return nil, err
	}
	var out []string
	switch {
	case cp.ForEach != nil && !instance:
		for _, p := range s.g.Pipes {
			if rest, ok := strings.CutPrefix(p.ID, id+"["); ok && strings.IndexByte(rest, ']') == len(rest)-1 {
				out = append(out, p.ID)
			}
		}
	case cp.Composite && instance:
		for _, step := range cp.Steps {
			sp, ok := s.cfg.Pipe(step)
			if !ok {
				return nil, fmt.Errorf("composite %s: no step %q", cp.ID, step)
			}
			out = append(out, id+strings.TrimPrefix(sp.Path, cp.Path))
		}
	case cp.Composite:
		out = cp.Steps
	}
	return out, nil
}

// reused reports whether a resumed run takes row id over from the run it
// resumes: a working row if it succeeded, a group if it has members and
// every one of them is reused.
func (s shape) reused(id string) (bool, error) {
	k := slices.IndexFunc(s.g.Pipes, func(p goldenPipe) bool { return p.ID == id })
	if k < 0 || s.g.Pipes[k].Status != "succeeded" {
		return false, nil
	}
	grp, err := s.group(id)
	switch {
	case err != nil:
		return false, err
	case !grp:
		return true, nil
	}
	ms, err := s.members(id)
	if err != nil || len(ms) == 0 {
		return false, err
	}
	for _, m := range ms {
		if ok, err := s.reused(m); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}
