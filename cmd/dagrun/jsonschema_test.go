package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/dagrun/dagrun/examples/ticket_routing/ticketapi"
)

// The machine-readable outputs are the Go structs the command encodes; these
// are their schemas. A document is checked by decoding it into its struct
// with unknown fields refused, and checking the required fields and the
// version.
var jsonSchemas = map[string]struct {
	lines   bool // one document per line (an apply stream)
	typ     reflect.Type
	version int
	// required are the fields every document has (json names).
	required []string
}{
	"events":      {lines: true, typ: reflect.TypeFor[jsonEvent](), version: jsonEventsVersion, required: []string{"time", "type", "pipeline", "run_id", "version"}},
	"diagnostics": {typ: reflect.TypeFor[jsonDiagnostics](), version: jsonDiagnosticsVersion, required: []string{"version", "type", "valid", "error_count", "warning_count", "diagnostics"}},
	"plan":        {typ: reflect.TypeFor[plan](), version: jsonPlanVersion, required: []string{"version", "pipeline", "parallelism", "on_failure", "levels", "pipes"}},
	"runs":        {typ: reflect.TypeFor[[]jsonRun](), version: jsonRunsVersion},
	"run":         {typ: reflect.TypeFor[jsonRun](), version: jsonRunsVersion, required: []string{"version", "id", "pipeline", "started", "duration_seconds", "status", "counts"}},
}

// checkJSONDocument checks one document against the schema called kind.
func checkJSONDocument(kind string, doc []byte) error {
	s, ok := jsonSchemas[kind]
	if !ok {
		return fmt.Errorf("no JSON schema %q", kind)
	}
	v := reflect.New(s.typ)
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v.Interface()); err != nil {
		return fmt.Errorf("not a %s document: %v", kind, err)
	}
	if dec.More() {
		return fmt.Errorf("more than one %s document", kind)
	}
	var objects []map[string]json.RawMessage
	if s.typ.Kind() == reflect.Slice {
		if err := json.Unmarshal(doc, &objects); err != nil {
			return err
		}
	} else {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(doc, &m); err != nil {
			return err
		}
		objects = append(objects, m)
	}
	for _, m := range objects {
		for _, f := range s.required {
			if _, ok := m[f]; !ok {
				return fmt.Errorf("%s document without %q", kind, f)
			}
		}
		if kind == "events" {
			var id string
			if json.Unmarshal(m["run_id"], &id); !regexp.MustCompile(`^\d{8}T\d{6}Z-[0-9a-f]{4}$`).MatchString(id) {
				return fmt.Errorf("run_id %q is not a run id", id)
			}
		}
		var version int
		if err := json.Unmarshal(m["version"], &version); err != nil || version != s.version {
			return fmt.Errorf("%s document of version %s, want %d", kind, m["version"], s.version)
		}
	}
	return nil
}

// checkJSONOutput checks out, all that a command wrote on stdout, against
// the schema called kind: every line of a stream, or the one document.
func checkJSONOutput(kind string, out []byte) error {
	if len(bytes.TrimSpace(out)) == 0 {
		return fmt.Errorf("no %s output", kind)
	}
	if !jsonSchemas[kind].lines {
		return checkJSONDocument(kind, out)
	}
	runIDs := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if bytes.Contains(line, []byte(`"type":"diagnostics"`)) {
			if err := checkJSONDocument("diagnostics", line); err != nil {
				return fmt.Errorf("line %d: %v", n, err)
			}
			continue
		}
		if err := checkJSONDocument(kind, line); err != nil {
			return fmt.Errorf("line %d: %v\n%s", n, err, line)
		}
		var e struct {
			RunID string `json:"run_id"`
		}
		_ = json.Unmarshal(line, &e)
		runIDs[e.RunID] = true
	}
	if len(runIDs) > 1 {
		return fmt.Errorf("the events of one run carry %d run ids", len(runIDs))
	}
	return sc.Err()
}

// cmdJSONSchema is the testscript command `jsonschema KIND FILE`: FILE
// (stdout: the last command's) is valid output of the kind events,
// diagnostics, plan, runs or run.
func cmdJSONSchema(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: jsonschema KIND FILE")
	}
	err := checkJSONOutput(args[0], []byte(ts.ReadFile(args[1])))
	switch {
	case err != nil && !neg:
		ts.Fatalf("%v", err)
	case err == nil && neg:
		ts.Fatalf("%s is valid %s output", args[1], args[0])
	}
}

// runCLI runs the command in this process.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	code = run(ctx, args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// TestJSONOutputExamples runs every example pipeline with each JSON output
// and checks every line printed against its schema.
func TestJSONOutputExamples(t *testing.T) {
	srv := httptest.NewServer(ticketapi.Handler(t.Logf)) // 127.0.0.1
	defer srv.Close()
	examples := map[string][]string{
		"quickstart":     nil,
		"ticket_routing": {"--var", "api=" + srv.URL},
	}
	for name, vars := range examples {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "..", "examples", name)
			stateDir := t.TempDir()
			for _, c := range []struct {
				kind string
				args []string
				code int
			}{
				{"diagnostics", append([]string{"validate", "--output", "json"}, vars...), exitOK},
				{"plan", append([]string{"plan", "--output", "json"}, vars...), exitOK},
				{"events", append([]string{"apply", "--output", "json", "--state-dir", stateDir}, vars...), exitOK},
				{"runs", []string{"runs", "list", "--output", "json", "--state-dir", stateDir}, exitOK},
				{"run", []string{"runs", "show", "last", "--output", "json", "--state-dir", stateDir}, exitOK},
				// An invalid variable: the diagnostics on stdout, exit 2.
				{"events", []string{"apply", "--output", "json", "--var", "nope=1", "--state-dir", stateDir}, exitUsage},
			} {
				args := append(c.args, path)
				if c.args[0] == "runs" {
					args = c.args
				}
				stdout, stderr, code := runCLI(t, args...)
				if code != c.code {
					t.Fatalf("dagrun %s: exit %d, want %d\n%s", strings.Join(args, " "), code, c.code, stderr)
				}
				if err := checkJSONOutput(c.kind, []byte(stdout)); err != nil {
					t.Errorf("dagrun %s: %v", strings.Join(args, " "), err)
				}
			}
			// The events name the run that `runs list` lists.
			stdout, _, _ := runCLI(t, "runs", "list", "--output", "json", "--state-dir", stateDir)
			var runs []jsonRun
			if err := json.Unmarshal([]byte(stdout), &runs); err != nil || len(runs) != 1 {
				t.Fatalf("runs list: %v, %d runs", err, len(runs))
			}
		})
	}
}

// TestJSONOutputDocumented checks the "JSON output" section of
// docs/reference.md against the structs: every field a document can have
// is documented, and every documented field exists.
func TestJSONOutputDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "reference.md"))
	if err != nil {
		t.Fatal(err)
	}
	documented := documentedJSONFields(t, doc)
	for kind, heading := range map[string]string{"events": "Events", "diagnostics": "Diagnostics", "plan": "Plan", "run": "Runs"} {
		want := jsonFieldNames(jsonSchemas[kind].typ, "")
		got := documented[heading]
		for _, f := range want {
			if !slices.Contains(got, f) {
				t.Errorf("docs/reference.md, JSON output, %s: field %s is not documented", heading, f)
			}
		}
		for _, f := range got {
			if !slices.Contains(want, f) {
				t.Errorf("docs/reference.md, JSON output, %s: documents %s, which the output has not", heading, f)
			}
		}
	}
}

// documentedJSONFields reads the field tables of the JSON output section:
// under each "### Heading", the first cell of each row, `name`.
func documentedJSONFields(t *testing.T, doc []byte) map[string][]string {
	_, section, ok := bytes.Cut(doc, []byte("\n## JSON output\n"))
	if !ok {
		t.Fatal("docs/reference.md has no JSON output section")
	}
	if i := bytes.Index(section, []byte("\n## ")); i >= 0 {
		section = section[:i]
	}
	out := map[string][]string{}
	heading := ""
	row := regexp.MustCompile("^\\| `([^`]+)` \\|")
	for line := range strings.Lines(string(section)) {
		if h, ok := strings.CutPrefix(line, "### "); ok {
			heading = strings.TrimSpace(h)
			continue
		}
		if m := row.FindStringSubmatch(line); m != nil && heading != "" {
			out[heading] = append(out[heading], m[1])
		}
	}
	return out
}

// jsonFieldNames lists the fields of t as the documentation names them:
// nested objects as parent.field, arrays of objects as parent[].field.
func jsonFieldNames(t reflect.Type, prefix string) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		full := prefix + name
		out = append(out, full)
		ft := f.Type
		suffix := "."
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			if ft.Kind() == reflect.Slice {
				suffix = "[]."
			}
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeFor[time.Time]() {
			out = append(out, jsonFieldNames(ft, full+suffix)...)
		}
	}
	return out
}
