package state

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
	"go.uber.org/goleak"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// runWith starts a recorded run of p in store, runs it and finishes it.
func runWith(t *testing.T, store *Store, p *dagrun.Pipeline, resume *Resume) (*Recorder, *dagrun.Result) {
	t.Helper()
	rec, err := store.Start(p, StartOptions{Path: "pipeline.hcl", Version: "test", Resume: resume})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(t.Context(), rec.Options(dagrun.RunOptions{}))
	if ferr := rec.Finish(res, err); ferr != nil {
		t.Fatal(ferr)
	}
	if err != nil {
		t.Fatal(err)
	}
	return rec, res
}

// counter counts calls per pipe.
type counter struct{ n map[string]*atomic.Int32 }

func newCounter(ids ...string) *counter {
	c := &counter{n: map[string]*atomic.Int32{}}
	for _, id := range ids {
		c.n[id] = new(atomic.Int32)
	}
	return c
}

func (c *counter) get() map[string]int32 {
	m := map[string]int32{}
	for id, n := range c.n {
		m[id] = n.Load()
	}
	return m
}

// flaky builds a → b → c plus d: b fails while *fail is set, d always fails.
func flaky(c *counter, fail *atomic.Bool) *dagrun.Pipeline {
	return dagrun.New("flaky").
		Add("a", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			c.n["a"].Add(1)
			return map[string]any{"n": 1, "s": "x"}, nil
		}).
		Add("b", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			c.n["b"].Add(1)
			if fail.Load() {
				return nil, errors.New("b is broken\nsecond line")
			}
			var v struct{ N int }
			err := in.Decode("a", &v)
			return v.N + 1, err
		}, dagrun.DependsOn("a"), dagrun.Retries(1, 0)).
		Add("c", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			c.n["c"].Add(1)
			return "c", nil
		}, dagrun.DependsOn("b")).
		Add("d", func(ctx context.Context, in dagrun.Inputs) (any, error) {
			c.n["d"].Add(1)
			return nil, nil
		})
}

func TestRecordThenResume(t *testing.T) {
	store := Open(filepath.Join(t.TempDir(), ".dagrun"))
	c := newCounter("a", "b", "c", "d")
	var fail atomic.Bool
	fail.Store(true)
	p := flaky(c, &fail)
	first, res := runWith(t, store, p, nil)
	if res.Status != dagrun.Failed {
		t.Fatalf("first run: %v", res.Status)
	}
	a, _ := res.Pipe("a")
	firstA := a.Duration

	run, err := store.Run(Last)
	if err != nil {
		t.Fatal(err)
	}
	if run.Summary.ID != first.ID() || run.Summary.Status != "failed" || run.JournalTorn {
		t.Errorf("summary %+v damaged=%v", run.Summary, run.JournalTorn)
	}
	wantCounts := Counts{Succeeded: 2, Failed: 1, Skipped: 1}
	if diff := cmp.Diff(wantCounts, run.Summary.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	type row struct {
		ID, Status string
		Attempts   int
		Error      string
	}
	var got []row
	for _, st := range run.Pipes {
		got = append(got, row{st.ID, st.Status, st.Attempts, st.Error})
	}
	want := []row{
		{"a", "succeeded", 1, ""},
		{"b", "failed", 2, "b is broken\nsecond line"},
		{"c", "skipped", 0, ""},
		{"d", "succeeded", 1, ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pipes (-want +got):\n%s", diff)
	}

	// Resume: a and d are reused, b and c run.
	fail.Store(false)
	plan, err := store.Resume(Last, p, "pipeline.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "d"}, plan.Reusable); diff != "" {
		t.Errorf("reusable (-want +got):\n%s", diff)
	}
	second, res := runWith(t, store, p, plan)
	if res.Status != dagrun.Succeeded {
		t.Fatalf("resumed run: %v", res.Status)
	}
	if diff := cmp.Diff(map[string]int32{"a": 1, "b": 3, "c": 1, "d": 1}, c.get()); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if a, _ := res.Pipe("a"); !a.Reused || a.Attempts != 1 || (a.Duration-firstA).Abs() > time.Microsecond {
		t.Errorf("reused a: %+v, want the first run's attempts and duration (%s)", a, firstA)
	}
	if b, _ := res.Pipe("b"); b.Output.AsBigFloat().String() != "2" {
		t.Errorf("b read a's reused output wrong: %#v", b.Output)
	}
	run, err = store.Run(Last)
	if err != nil {
		t.Fatal(err)
	}
	if run.Summary.ID != second.ID() || run.Summary.ResumedFrom != first.ID() {
		t.Errorf("resumed run %s from %q, want %s from %s", run.Summary.ID, run.Summary.ResumedFrom, second.ID(), first.ID())
	}
	if diff := cmp.Diff([]string{"a", "d"}, run.Summary.Reused); diff != "" {
		t.Errorf("summary reused (-want +got):\n%s", diff)
	}
	if a, _ := run.Pipe("a"); !a.Reused || a.Status != "succeeded" {
		t.Errorf("a in the resumed run: %+v", a)
	}

	// Resuming the resumed run reuses everything, reused results included.
	plan, err = store.Resume(second.ID(), p, "pipeline.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "b", "c", "d"}, plan.Reusable); diff != "" {
		t.Errorf("reusable (-want +got):\n%s", diff)
	}
	runWith(t, store, p, plan)
	if diff := cmp.Diff(map[string]int32{"a": 1, "b": 3, "c": 1, "d": 1}, c.get()); diff != "" {
		t.Errorf("calls after the second resume (-want +got):\n%s", diff)
	}

	runs, err := store.Runs()
	if err != nil || len(runs) != 3 {
		t.Fatalf("runs: %d, %v", len(runs), err)
	}
	if _, err := os.Stat(filepath.Join(store.Dir(), ".gitignore")); err != nil {
		t.Error(err)
	}
}

// TestOutputsRoundTrip checks that outputs come back exactly, type included.
func TestOutputsRoundTrip(t *testing.T) {
	big, _ := cty.ParseNumberVal("123456789012345678901234567890.000000000000000001")
	values := map[string]cty.Value{
		"string":  cty.StringVal("héllo\n\x00\"quoted\""),
		"number":  big,
		"bool":    cty.True,
		"list":    cty.ListVal([]cty.Value{cty.NumberIntVal(1), cty.NumberIntVal(2)}),
		"empty":   cty.ListValEmpty(cty.String),
		"set":     cty.SetVal([]cty.Value{cty.StringVal("b"), cty.StringVal("a")}),
		"map":     cty.MapVal(map[string]cty.Value{"k": cty.StringVal("v")}),
		"tuple":   cty.TupleVal([]cty.Value{cty.StringVal("x"), cty.NumberIntVal(3), cty.NullVal(cty.Bool)}),
		"object":  cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal("out"), "exit_code": cty.NumberIntVal(0), "values": cty.MapValEmpty(cty.String), "none": cty.NullVal(cty.String)}),
		"null":    cty.NullVal(cty.DynamicPseudoType),
		"dynamic": cty.ObjectVal(map[string]cty.Value{"d": cty.DynamicVal}).GetAttr("d"), // unknown: not recordable
	}
	p := dagrun.New("outputs")
	for id, v := range values {
		p.Add(id, func(context.Context, dagrun.Inputs) (any, error) { return v, nil })
	}
	store := Open(t.TempDir())
	first, _ := runWith(t, store, p, nil)
	plan, err := store.Resume(first.ID(), p, "")
	if err != nil {
		t.Fatal(err)
	}
	defer plan.Release()
	for id, want := range values {
		got, ok := plan.Reuse(id)
		if id == "dynamic" {
			if ok {
				t.Errorf("an unknown output was recorded: %#v", got.Output)
			}
			continue
		}
		if !ok {
			t.Errorf("%s: not reusable", id)
			continue
		}
		if !got.Output.RawEquals(want) {
			t.Errorf("%s: got %#v, want %#v", id, got.Output, want)
		}
	}
	if diff := cmp.Diff([]string{"dynamic"}, plan.Rerun); diff != "" {
		t.Errorf("rerun (-want +got):\n%s", diff)
	}
}

// crash ends a recorder the way a killed process does: files closed, lock
// released, nothing more written.
func crash(r *Recorder) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finished = true
	r.stopSync() // the process is gone: so is its sync goroutine
	r.closeFiles()
	r.resume.Release()
}

// startRecorder starts a recorder without running anything; tests feed it
// events.
func startRecorder(t *testing.T, store *Store, p *dagrun.Pipeline) *Recorder {
	t.Helper()
	rec, err := store.Start(p, StartOptions{Path: "p.hcl"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { crash(rec) })
	return rec
}

func finished(id string, status executor.Status, out cty.Value) executor.Event {
	return executor.Event{Type: executor.EventPipeFinished, Time: time.Now(), Node: id, Status: status, Attempt: 1, MaxAttempts: 1, Output: out}
}

func TestAbortedRunAndTornJournal(t *testing.T) {
	p := dagrun.New("p").Add("a", nil).Add("b", nil, dagrun.DependsOn("a")).Add("c", nil, dagrun.DependsOn("b"))
	store := Open(t.TempDir())
	rec := startRecorder(t, store, p)
	rec.Event(executor.Event{Type: executor.EventRunStarted, Time: time.Now()})
	rec.Event(executor.Event{Type: executor.EventAttemptStarted, Time: time.Now(), Node: "a", Attempt: 1, MaxAttempts: 1})
	rec.Event(finished("a", executor.StatusSucceeded, cty.StringVal("A")))
	rec.Event(executor.Event{Type: executor.EventAttemptStarted, Time: time.Now(), Node: "b", Attempt: 1, MaxAttempts: 3})
	rec.Event(finished("b", executor.StatusSucceeded, cty.StringVal("B")))
	rec.Event(executor.Event{Type: executor.EventAttemptStarted, Time: time.Now(), Node: "c", Attempt: 1, MaxAttempts: 1})

	// While the recorder holds the lock, the run is running and cannot be resumed.
	runs, _ := store.Runs()
	if len(runs) != 1 || runs[0].Status != StatusRunning {
		t.Fatalf("runs %+v", runs)
	}
	if _, err := store.Resume(Last, p, "p.hcl"); !errors.Is(err, ErrRunInProgress) {
		t.Fatalf("resume of a running run: %v", err)
	}
	crash(rec)
	runs, _ = store.Runs()
	if runs[0].Status != StatusAborted || runs[0].Counts.Succeeded != 2 || runs[0].Duration() < 0 {
		t.Fatalf("after the crash: %+v", runs[0])
	}
	run, _ := store.Run(Last)
	if c, _ := run.Pipe("c"); c.Status != PipeInterrupted {
		t.Errorf("c: %+v", c)
	}

	journal := filepath.Join(rec.Dir(), journalFile)
	data, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	// lines: run_started, a started, a finished, b started, b finished, c started, "".

	for _, tc := range []struct {
		name     string
		journal  string
		torn     bool
		problems []string
		reusable []string
		damaged  []string
	}{
		{name: "intact", journal: string(data), reusable: []string{"a", "b"}},
		{name: "torn last line", journal: string(data[:len(data)-10]), torn: true, reusable: []string{"a", "b"}},
		{name: "torn pipe_finished", journal: strings.Join(lines[:4], "") + lines[4][:len(lines[4])/2], torn: true, reusable: []string{"a"}},
		// What follows a corrupt line is kept: a and b are still reusable.
		{name: "corrupt line in the middle", journal: strings.Join(lines[:2], "") + "{\"time\":garbage\n" + strings.Join(lines[2:], ""),
			problems: []string{"journal.jsonl:3 "}, reusable: []string{"a", "b"}},
		// b's pipe_finished is garbled: b runs again, named as damaged.
		{name: "corrupt pipe_finished", journal: strings.Join(lines[:4], "") + strings.Replace(lines[4], `"type":"pipe_finished"`, `"type":pipe_finished`, 1) + strings.Join(lines[5:], ""),
			problems: []string{"journal.jsonl:5 b"}, reusable: []string{"a"}, damaged: []string{"b"}},
		{name: "NUL bytes after a crash", journal: strings.Join(lines[:3], "") + strings.Repeat("\x00", 100), torn: true, reusable: []string{"a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(journal, []byte(tc.journal), 0o600); err != nil {
				t.Fatal(err)
			}
			run, err := store.Run(Last)
			if err != nil {
				t.Fatal(err)
			}
			if run.JournalTorn != tc.torn {
				t.Errorf("torn = %v", run.JournalTorn)
			}
			var problems []string
			for _, p := range run.Summary.Problems {
				problems = append(problems, fmt.Sprintf("%s:%d %s", p.File, p.Line, p.Pipe))
			}
			if diff := cmp.Diff(tc.problems, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			plan, err := store.Resume(Last, p, "p.hcl")
			if err != nil {
				t.Fatal(err)
			}
			defer plan.Release()
			if diff := cmp.Diff(tc.reusable, plan.Reusable); diff != "" {
				t.Errorf("reusable (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.damaged, plan.Damaged); diff != "" {
				t.Errorf("damaged (-want +got):\n%s", diff)
			}
			for _, id := range tc.reusable {
				if r, _ := plan.Reuse(id); r.Output.AsString() != strings.ToUpper(id) {
					t.Errorf("%s output %#v", id, r.Output)
				}
			}
		})
	}

	// A torn output line makes only that pipe run again.
	if err := os.WriteFile(journal, data, 0o600); err != nil {
		t.Fatal(err)
	}
	outputs := filepath.Join(rec.Dir(), outputsFile)
	od, _ := os.ReadFile(outputs)
	if err := os.WriteFile(outputs, od[:len(od)-5], 0o600); err != nil {
		t.Fatal(err)
	}
	plan, err := store.Resume(Last, p, "p.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a"}, plan.Reusable); diff != "" {
		t.Errorf("reusable with a torn output (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"b"}, plan.Damaged); diff != "" {
		t.Errorf("damaged with a torn output (-want +got):\n%s", diff)
	}
	if len(plan.Rerun) != 0 {
		t.Errorf("rerun %v: nothing changed", plan.Rerun)
	}
	plan.Release()
}

func TestFanOutInstances(t *testing.T) {
	p := dagrun.New("fan").Add("src", nil).Add("x", nil, dagrun.DependsOn("src")).Add("sum", nil, dagrun.DependsOn("x"))
	store := Open(t.TempDir())
	rec := startRecorder(t, store, p)
	inst := func(key string, status executor.Status) executor.Event {
		e := finished("x["+key+"]", status, cty.NumberIntVal(int64(len(key))))
		e.Pipe, e.Key = "x", key
		return e
	}
	rec.Event(finished("src", executor.StatusSucceeded, cty.NilVal))
	rec.Event(inst("a", executor.StatusSucceeded))
	rec.Event(inst("bb", executor.StatusFailed))
	rec.Event(inst("a/b c", executor.StatusSucceeded))
	crash(rec)

	run, err := store.Run(Last)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, st := range run.Pipes {
		ids = append(ids, st.ID+"="+st.Status)
	}
	want := []string{"src=succeeded", "x=pending", "x[a]=succeeded", "x[bb]=failed", "x[a/b c]=succeeded", "sum=pending"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("pipes (-want +got):\n%s", diff)
	}
	plan, err := store.Resume(Last, p, "p.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"src", "x[a]", "x[a/b c]"}, plan.Reusable); diff != "" {
		t.Errorf("reusable (-want +got):\n%s", diff)
	}
	if r, _ := plan.Reuse("x[a/b c]"); r.Pipe != "x" || r.Key != "a/b c" || !r.Output.RawEquals(cty.NumberIntVal(5)) {
		t.Errorf("instance result %+v", r)
	}
	plan.Release()

	// The fan-out's dependencies changed: its instances' results are unsafe.
	p2 := dagrun.New("fan").Add("src", nil).Add("other", nil).Add("x", nil, dagrun.DependsOn("src", "other")).Add("sum", nil, dagrun.DependsOn("x"))
	_, err = store.Resume(Last, p2, "p.hcl")
	var unsafe *UnsafeResumeError
	if !errors.As(err, &unsafe) || !cmp.Equal(unsafe.Pipes, []string{"x"}) {
		t.Fatalf("resume with changed deps: %v", err)
	}
}

const hclBase = `
variable "greeting" {
  default = "hello"
}
variable "token" {
  default   = "s3cr3t-token"
  sensitive = true
}
locals {
  who = "world"
}
pipe "a" {
  use   = "value"
  value = "${var.greeting} ${local.who}"
}
pipe "b" {
  use   = "value"
  value = "${pipe.a.output}!"
}
pipe "c" {
  use   = "value"
  value = upper(pipe.b.output)
}
pipe "d" {
  use   = "value"
  value = "independent"
}
`

func load(t *testing.T, src string, vars map[string]string) *dagrun.Pipeline {
	t.Helper()
	p, err := dagrun.LoadSource(filepath.Join(t.TempDir(), "p.hcl"), []byte(src), dagrun.LoadOptions{Vars: vars, LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestResumeAfterChanges(t *testing.T) {
	store := Open(t.TempDir())
	first, res := runWith(t, store, load(t, hclBase, nil), nil)
	if res.Status != dagrun.Succeeded {
		t.Fatal(res.Status)
	}
	for _, tc := range []struct {
		name     string
		src      string
		vars     map[string]string
		reusable []string
		rerun    []string
		unsafe   []string
	}{
		{name: "unchanged", src: hclBase, reusable: []string{"a", "b", "c", "d"}},
		{name: "comments and layout", src: strings.ReplaceAll(hclBase, "use   =", "# a comment\n  use =") + "\n# end\n", reusable: []string{"a", "b", "c", "d"}},
		{name: "changed definition re-runs it and its dependents", src: strings.Replace(hclBase, `"${pipe.a.output}!"`, `"${pipe.a.output}?"`, 1),
			reusable: []string{"a", "d"}, rerun: []string{"b", "c"}},
		{name: "changed variable value", src: hclBase, vars: map[string]string{"greeting": "hi"},
			reusable: []string{"d"}, rerun: []string{"a", "b", "c"}},
		{name: "changed sensitive variable", src: hclBase, vars: map[string]string{"token": "rotated"},
			reusable: []string{"a", "b", "c", "d"}},
		{name: "changed local", src: strings.Replace(hclBase, `who = "world"`, `who = "there"`, 1),
			reusable: []string{"d"}, rerun: []string{"a", "b", "c"}},
		{name: "new pipe", src: hclBase + "pipe \"e\" {\n  use = \"value\"\n  value = pipe.c.output\n}\n", reusable: []string{"a", "b", "c", "d"}},
		{name: "removed pipe", src: strings.Replace(hclBase, "pipe \"d\"", "pipe \"dd\"", 1), unsafe: []string{"d"}},
		{name: "changed dependencies", src: strings.Replace(hclBase, "upper(pipe.b.output)", "upper(pipe.a.output)", 1), unsafe: []string{"c"}},
		{name: "changed type", src: strings.Replace(hclBase, "use   = \"value\"\n  value = \"independent\"", "use = \"sleep\"\n  duration = \"1ms\"", 1), unsafe: []string{"d"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := store.Resume(first.ID(), load(t, tc.src, tc.vars), "pipeline.hcl")
			defer plan.Release()
			if tc.unsafe != nil {
				var unsafe *UnsafeResumeError
				if !errors.As(err, &unsafe) {
					t.Fatalf("got %v, want an UnsafeResumeError", err)
				}
				if diff := cmp.Diff(tc.unsafe, unsafe.Pipes); diff != "" {
					t.Errorf("unsafe pipes (-want +got):\n%s", diff)
				}
				for _, id := range tc.unsafe {
					if !strings.Contains(err.Error(), `"`+id+`"`) {
						t.Errorf("the message does not name %s:\n%s", id, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.reusable, plan.Reusable); diff != "" {
				t.Errorf("reusable (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.rerun, plan.Rerun); diff != "" {
				t.Errorf("rerun (-want +got):\n%s", diff)
			}
		})
	}

	// Another pipeline's runs are not "last" for this one.
	other := load(t, strings.Replace(hclBase, `pipe "a"`, "pipeline \"other\" {}\npipe \"a\"", 1), nil)
	if _, err := store.Resume(Last, other, "other.hcl"); !errors.Is(err, ErrNoRuns) {
		t.Errorf("resume last of another pipeline: %v", err)
	}
	if _, err := store.Resume(first.ID(), other, "other.hcl"); err == nil || !strings.Contains(err.Error(), "pipeline") {
		t.Errorf("resume of another pipeline's run: %v", err)
	}
}

func TestLogsAreRedactedAndPerAttempt(t *testing.T) {
	src := `
variable "token" {
  default   = "s3cr3t-token"
  sensitive = true
}
pipe "say" {
  use         = "exec"
  script      = "echo \"token=${var.token} attempt=$DAGRUN_ATTEMPT\"; echo oops >&2; [ $DAGRUN_ATTEMPT -ge 2 ]"
  retries     = 2
  retry_delay = "0s"
}
`
	p := load(t, src, nil)
	store := Open(t.TempDir())
	rec, res := runWith(t, store, p, nil)
	if res.Status != dagrun.Succeeded {
		t.Fatal(res.Status)
	}
	path, runID, err := store.LogPath(Last, "say")
	if err != nil || runID != rec.ID() {
		t.Fatal(path, runID, err)
	}
	log, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(log, []byte("s3cr3t")) {
		t.Errorf("the log shows the secret:\n%s", log)
	}
	for _, want := range []string{
		"=== attempt 1/3 started ",
		"token=(sensitive) attempt=1\n",
		"oops\n",
		"=== attempt 1/3 failed after ",
		"exit status 1",
		"=== retrying in 0s ===\n",
		"=== attempt 2/3 started ",
		"token=(sensitive) attempt=2\n",
		"=== attempt 2/3 succeeded after ",
	} {
		if !bytes.Contains(log, []byte(want)) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
	journal, _ := os.ReadFile(filepath.Join(rec.Dir(), journalFile))
	if bytes.Contains(journal, []byte("s3cr3t")) {
		t.Errorf("the journal shows the secret:\n%s", journal)
	}
	for _, line := range bytes.Split(bytes.TrimSpace(journal), []byte("\n")) {
		var r Record
		if err := json.Unmarshal(line, &r); err != nil || r.Type == "" || r.Time.IsZero() {
			t.Errorf("bad journal line %s: %v", line, err)
		}
	}

	// A resumed run's reused pipe has its log in the run that ran it.
	plan, err := store.Resume(Last, p, "pipeline.hcl")
	if err != nil {
		t.Fatal(err)
	}
	second, _ := runWith(t, store, p, plan)
	path2, runID, err := store.LogPath(second.ID(), "say")
	if err != nil || runID != rec.ID() || path2 != path {
		t.Errorf("log of a reused pipe: %s %s %v", path2, runID, err)
	}
	if _, _, err := store.LogPath(Last, "nope"); !errors.Is(err, ErrNoPipe) {
		t.Errorf("log of an unknown pipe: %v", err)
	}
}

func TestLogName(t *testing.T) {
	for in, want := range map[string]string{
		"fetch":        "fetch.log",
		"x[3]":         "x%5B3%5D.log",
		"x[a/b]":       "x%5Ba%2Fb%5D.log",
		".hidden":      "%2Ehidden.log",
		"routing.load": "routing.load.log",
		"é":            "%C3%A9.log",
	} {
		if got := logName(in); got != want {
			t.Errorf("logName(%q) = %q, want %q", in, got, want)
		}
	}
	long := logName(strings.Repeat("k", 300))
	if len(long) > 255 || long == logName(strings.Repeat("k", 301)) {
		t.Errorf("long names: %q", long)
	}
}

func TestResolve(t *testing.T) {
	store := Open(filepath.Join(t.TempDir(), "absent"))
	if _, err := store.Resolve(Last); !errors.Is(err, ErrNoRuns) {
		t.Errorf("empty store: %v", err)
	}
	if runs, err := store.Runs(); err != nil || len(runs) != 0 {
		t.Errorf("empty store: %v %v", runs, err)
	}
	p := dagrun.New("p").Add("a", nil)
	t0 := time.Date(2026, 11, 25, 17, 45, 1, 0, time.UTC)
	var ids []string
	for i := range 3 {
		rec, err := store.Start(p, StartOptions{Now: func() time.Time { return t0.Add(time.Duration(i) * time.Hour) }})
		if err != nil {
			t.Fatal(err)
		}
		if err := rec.Finish(nil, errors.New("no run")); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rec.ID())
	}
	if !strings.HasPrefix(ids[0], "20261125T174501Z-") || len(ids[0]) != len("20261125T174501Z-")+4 {
		t.Errorf("id %q", ids[0])
	}
	for ref, want := range map[string]string{Last: ids[2], ids[1]: ids[1], "20261125T18": ids[1]} {
		if got, err := store.Resolve(ref); got != want || err != nil {
			t.Errorf("Resolve(%q) = %q, %v; want %q", ref, got, err, want)
		}
	}
	if _, err := store.Resolve("2026"); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("ambiguous prefix: %v", err)
	}
	if _, err := store.Resolve("nope"); !errors.Is(err, ErrNoRuns) {
		t.Errorf("unknown run: %v", err)
	}
	// Junk in the runs directory is ignored.
	os.Mkdir(filepath.Join(store.Dir(), runsDir, "junk"), 0o700)
	os.Mkdir(filepath.Join(store.Dir(), runsDir, "20260101T000000Z-dead"), 0o700)
	if runs, err := store.Runs(); err != nil || len(runs) != 3 {
		t.Errorf("runs with junk: %d %v", len(runs), err)
	}
}

func TestDefaultDir(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.hcl")
	os.WriteFile(file, nil, 0o600)
	if got := DefaultDir(file); got != filepath.Join(dir, DirName) {
		t.Errorf("file: %s", got)
	}
	if got := DefaultDir(dir); got != filepath.Join(dir, DirName) {
		t.Errorf("dir: %s", got)
	}
}

// TestCorruptOutputsAndSummary: a corrupt line in the middle of outputs.jsonl
// is reported with its line and only its pipe runs again, named as damaged;
// a run.json that cannot be read leaves the run listed, as unreadable.
func TestCorruptOutputsAndSummary(t *testing.T) {
	p := dagrun.New("p").Add("a", nil).Add("b", nil).Add("c", nil)
	store := Open(t.TempDir())
	rec := startRecorder(t, store, p)
	for _, id := range []string{"a", "b", "c"} {
		rec.Event(finished(id, executor.StatusSucceeded, cty.StringVal(strings.ToUpper(id))))
	}
	crash(rec)
	outputs := filepath.Join(rec.Dir(), outputsFile)
	od, _ := os.ReadFile(outputs)
	lines := strings.SplitAfter(string(od), "\n")
	garbled := lines[0] + strings.Replace(lines[1], `"value":"B"`, `"value":B"`, 1) + lines[2]
	if err := os.WriteFile(outputs, []byte(garbled), 0o600); err != nil {
		t.Fatal(err)
	}
	problems, err := store.Check(rec.ID())
	if err != nil || len(problems) != 1 || problems[0].File != outputsFile || problems[0].Line != 2 || problems[0].Pipe != "b" {
		t.Fatalf("check: %+v, %v", problems, err)
	}
	run, _ := store.Run(Last)
	if b, _ := run.Pipe("b"); !b.Damaged || b.Status != "succeeded" {
		t.Errorf("b: %+v", b)
	}
	plan, err := store.Resume(Last, p, "p.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "c"}, plan.Reusable); diff != "" {
		t.Errorf("reusable (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"b"}, plan.Damaged); diff != "" {
		t.Errorf("damaged (-want +got):\n%s", diff)
	}
	if len(plan.Rerun) != 0 || len(plan.Problems) != 1 {
		t.Errorf("rerun %v, problems %v", plan.Rerun, plan.Problems)
	}
	plan.Release()

	summary := filepath.Join(rec.Dir(), summaryFile)
	sb, _ := os.ReadFile(summary)
	if err := os.WriteFile(summary, bytes.Replace(sb, []byte(`"pid":`), []byte(`"pid" `), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	runs, err := store.Runs()
	if err != nil || len(runs) != 1 || runs[0].Status != StatusUnreadable || runs[0].ID != rec.ID() {
		t.Fatalf("runs: %+v, %v", runs, err)
	}
	if pr := runs[0].Problems; len(pr) != 1 || pr[0].File != summaryFile || pr[0].Line != 5 {
		t.Errorf("problems %+v", pr)
	}
	run, err = store.Run(rec.ID())
	if err != nil || len(run.Pipes) != 3 || run.Pipes[0].Status != "succeeded" {
		t.Errorf("run with an unreadable summary: %+v, %v", run, err)
	}
	if _, err := store.Resume(Last, p, "p.hcl"); err == nil || !strings.Contains(err.Error(), "run.json:5") {
		t.Errorf("resume: %v", err)
	}
}

// TestResumeLock: while one Resume of a run is held, another is refused,
// naming the run and the holder's pid; once the resumed run is over, the
// run it resumed cannot be resumed by a process that was already waiting.
func TestResumeLock(t *testing.T) {
	p := dagrun.New("p").Add("a", nil).Add("b", nil, dagrun.DependsOn("a"))
	store := Open(t.TempDir())
	rec := startRecorder(t, store, p)
	rec.Event(finished("a", executor.StatusSucceeded, cty.NilVal))
	crash(rec)

	first, err := store.Resume(rec.ID(), p, "p.hcl")
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.Resume(rec.ID(), p, "p.hcl")
	var locked *ResumeLockedError
	if !errors.As(err, &locked) || locked.Run != rec.ID() || locked.PID != os.Getpid() {
		t.Fatalf("second resume: %v", err)
	}
	if !strings.Contains(err.Error(), rec.ID()) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("message %q names neither the run nor the pid", err)
	}
	_, err = store.Resume(Last, p, "p.hcl")
	if !errors.As(err, &locked) {
		t.Fatalf("resume last: %v", err)
	}

	// The first resume runs and ends; a resume that looked for the run
	// before that started is still refused: the run was resumed meanwhile.
	began := time.Now().Add(-time.Hour)
	second, _ := runWith(t, store, p, first)
	_, err = store.resume(rec.ID(), rec.ID(), p, began)
	if !errors.As(err, &locked) || locked.By != second.ID() {
		t.Fatalf("resume after the run was resumed: %v", err)
	}
	// Asked now, the last run is the resumed one, and resuming it is fine.
	plan, err := store.Resume(Last, p, "pipeline.hcl")
	if err != nil || plan.From != second.ID() {
		t.Fatalf("resume last: %+v, %v", plan, err)
	}
	plan.Release()
}

// TestPrune: runs beyond Keep and older than OlderThan go, with their files;
// the latest run of each pipeline, a run in progress and a run being resumed
// stay.
func TestPrune(t *testing.T) {
	store := Open(t.TempDir())
	p := dagrun.New("p").Add("a", nil)
	q := dagrun.New("q").Add("a", nil)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	start := func(pl *dagrun.Pipeline, day int) *Recorder {
		rec, err := store.Start(pl, StartOptions{Path: pl.Name() + ".hcl", Now: func() time.Time { return base.AddDate(0, 0, day) }})
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	var ps []*Recorder
	for day := range 6 {
		rec := start(p, day)
		rec.Event(finished("a", executor.StatusFailed, cty.NilVal))
		crash(rec)
		ps = append(ps, rec)
	}
	qOld := start(q, 0) // the only run of q: its latest, however old
	crash(qOld)
	running := start(p, -1) // old, but in progress
	defer crash(running)
	resumed, err := store.Resume(ps[1].ID(), p, "p.hcl") // old, but being resumed
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return base.AddDate(0, 0, 10) }

	ids := func(sums []Summary) []string {
		var out []string
		for _, s := range sums {
			out = append(out, s.ID)
		}
		return out
	}
	// Keep 2 of each pipeline (days 5 and 4), and whatever is less than 7
	// days old (day 3 too): days 0 and 2 of p go; 1 is being resumed.
	dry, err := store.PruneDryRun(Retention{Keep: 2, OlderThan: 7 * 24 * time.Hour, Now: now}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ps[2].ID(), ps[0].ID()}
	if diff := cmp.Diff(want, ids(dry)); diff != "" {
		t.Errorf("dry run (-want +got):\n%s", diff)
	}
	got, err := store.Prune(Retention{Keep: 2, OlderThan: 7 * 24 * time.Hour, Now: now}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, ids(got)); diff != "" {
		t.Errorf("pruned (-want +got):\n%s", diff)
	}
	for _, rec := range ps[:4] {
		_, err := os.Stat(rec.Dir())
		if gone := errors.Is(err, fs.ErrNotExist); gone != slices.Contains(want, rec.ID()) {
			t.Errorf("run %s: directory gone = %v", rec.ID(), gone)
		}
	}
	resumed.Release()

	// Only p's runs, keep 1: everything of p but the latest (and the one in
	// progress) goes; q's only run stays.
	got, err = store.Prune(Retention{Keep: 1, Now: now}, "p", "p.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{ps[4].ID(), ps[3].ID(), ps[1].ID()}, ids(got)); diff != "" {
		t.Errorf("pruned (-want +got):\n%s", diff)
	}
	runs, _ := store.Runs()
	if diff := cmp.Diff([]string{running.ID(), qOld.ID(), ps[5].ID()}, ids(runs)); diff != "" {
		t.Errorf("left (-want +got):\n%s", diff)
	}
}

// TestLogLimit: past the limit an attempt's log keeps its head and its tail,
// with a line saying how many bytes were dropped between them.
func TestLogLimit(t *testing.T) {
	p := dagrun.New("p").Add("a", nil)
	store := Open(t.TempDir())
	rec, err := store.Start(p, StartOptions{LogLimit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer crash(rec)
	ev := func(typ executor.EventType, attempt int) {
		rec.Event(executor.Event{Type: typ, Time: time.Now(), Node: "a", Attempt: attempt, MaxAttempts: 2, AttemptResult: executor.AttemptError})
	}
	w := rec.PipeLog("a")
	for attempt := 1; attempt <= 2; attempt++ {
		ev(executor.EventAttemptStarted, attempt)
		for i := range 10000 {
			fmt.Fprintf(w, "attempt %d line %05d\n", attempt, i) // 21 bytes
		}
		ev(executor.EventAttemptFinished, attempt)
	}
	rec.Event(finished("a", executor.StatusFailed, cty.NilVal))
	b, err := os.ReadFile(filepath.Join(rec.Dir(), logsDir, "a.log"))
	if err != nil {
		t.Fatal(err)
	}
	log := string(b)
	if len(b) > 2*1000+2*300 {
		t.Errorf("log of %d bytes for two attempts capped at 1000", len(b))
	}
	for attempt := 1; attempt <= 2; attempt++ {
		first := fmt.Sprintf("attempt %d line 00000\n", attempt)
		last := fmt.Sprintf("attempt %d line 09999\n", attempt)
		if !strings.Contains(log, first) || !strings.Contains(log, last) {
			t.Errorf("attempt %d: head or tail missing:\n%s", attempt, log)
		}
	}
	// 210000 bytes per attempt; 500 of head, then whole lines of the last 500.
	marker := regexp.MustCompile(`(?m)^=== pipe_log_limit 1000B: (\d+) bytes of this attempt's output dropped here; the first and the last are kept ===$`)
	m := marker.FindAllStringSubmatch(log, -1)
	if len(m) != 2 {
		t.Fatalf("markers: %q\n%s", m, log)
	}
	for _, mm := range m {
		n, _ := strconv.Atoi(mm[1])
		if n < 210000-1000 || n > 210000-500 {
			t.Errorf("dropped %d bytes of 210000 with a limit of 1000", n)
		}
	}
}
