package dagrun_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
)

// A build with up-to-date checks, a for_each pipe among them, and a pipe
// without checks that reads an up-to-date pipe's output.
const upToDateSrc = `
pipe "gen" {
  use       = "exec"
  script    = "echo run >> gen.count; cp in.txt gen.txt; printf generated"
  sources   = ["in.txt"]
  generates = ["gen.txt"]
  retries   = 0
}
pipe "each" {
  for_each = toset(["x", "y"])
  use      = "exec"
  script   = "echo run >> each-${each.key}.count; cat gen.txt > out-${each.key}.txt"
  sources  = ["gen.txt", "${each_dir}/*.txt"]
  depends_on = [pipe.gen]
  retries  = 0
}
pipe "use" {
  use     = "value"
  value   = "got ${pipe.gen.output.stdout}"
  depends_on = [pipe.each]
}
`

func loadUpToDate(t *testing.T) (*dagrun.Pipeline, string) {
	t.Helper()
	dir := t.TempDir()
	src := []byte(strings.ReplaceAll(upToDateSrc, "${each_dir}", "extra"))
	if err := os.MkdirAll(filepath.Join(dir, "extra"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"in.txt": "one\n", "extra/a.txt": "a\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := dagrun.LoadSource(filepath.Join(dir, "build.hcl"), src, dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p, dir
}

func statusByID(res *dagrun.Result) map[string]string {
	out := map[string]string{}
	for _, r := range res.Pipes {
		out[r.ID] = r.Status.String()
	}
	return out
}

func TestUpToDateRuns(t *testing.T) {
	p, dir := loadUpToDate(t)
	opts := dagrun.RunOptions{UpToDate: &dagrun.UpToDateOptions{Dir: filepath.Join(dir, "records")}}
	run := func() *dagrun.Result {
		t.Helper()
		res, err := p.Run(t.Context(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != dagrun.Succeeded {
			t.Fatalf("run %s: %+v", res.Status, statusByID(res))
		}
		return res
	}
	run()
	res := run()
	want := map[string]string{"gen": "up_to_date", "each": "up_to_date", "each[x]": "up_to_date", "each[y]": "up_to_date", "use": "succeeded"}
	if d := cmp.Diff(want, statusByID(res)); d != "" {
		t.Errorf("second run (-want +got):\n%s", d)
	}
	// The recorded output flows downstream.
	var got string
	if err := res.Decode("use", &got); err != nil || got != "got generated" {
		t.Errorf("use = %q, %v; want the recorded output of gen", got, err)
	}
	if r, _ := res.Pipe("gen"); r.Attempts != 0 {
		t.Errorf("gen: %d attempts, want none", r.Attempts)
	}
	count := func(name string) int {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		return strings.Count(string(b), "run")
	}
	if count("gen.count") != 1 || count("each-x.count") != 1 {
		t.Errorf("gen ran %d times, each[x] %d: want once each", count("gen.count"), count("each-x.count"))
	}

	// A file only the instances read: both instances run, gen does not.
	if err := os.WriteFile(filepath.Join(dir, "extra", "b.txt"), []byte("b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = run()
	want = map[string]string{"gen": "up_to_date", "each": "succeeded", "each[x]": "succeeded", "each[y]": "succeeded", "use": "succeeded"}
	if d := cmp.Diff(want, statusByID(res)); d != "" {
		t.Errorf("after a new source (-want +got):\n%s", d)
	}

	// Replace one instance: it runs, its sibling stays up to date.
	opts.UpToDate.Replace = []string{"each[y]"}
	res = run()
	want = map[string]string{"gen": "up_to_date", "each": "succeeded", "each[x]": "up_to_date", "each[y]": "succeeded", "use": "succeeded"}
	if d := cmp.Diff(want, statusByID(res)); d != "" {
		t.Errorf("--replace each[y] (-want +got):\n%s", d)
	}
	opts.UpToDate.Replace = nil

	// Force: everything runs.
	opts.UpToDate.Force = true
	res = run()
	for id, s := range statusByID(res) {
		if s != "succeeded" {
			t.Errorf("forced: %s %s", id, s)
		}
	}
	if count("gen.count") != 2 {
		t.Errorf("gen ran %d times, want 2", count("gen.count"))
	}
}

// A generated file that changed makes its pipe out of date.
func TestUpToDateGeneratedChanged(t *testing.T) {
	p, dir := loadUpToDate(t)
	opts := dagrun.RunOptions{UpToDate: &dagrun.UpToDateOptions{Dir: filepath.Join(dir, "records")}}
	if _, err := p.Run(t.Context(), opts); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "gen.txt"), []byte("edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := p.Run(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if s := statusByID(res)["gen"]; s != "succeeded" {
		t.Errorf("gen %s after its generated file changed, want succeeded", s)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "gen.txt")); string(b) != "one\n" {
		t.Errorf("gen.txt = %q, want it made again", b)
	}
}

// Without UpToDate every pipe runs, checks or not.
func TestUpToDateOff(t *testing.T) {
	p, _ := loadUpToDate(t)
	for range 2 {
		res, err := p.Run(t.Context(), dagrun.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for id, s := range statusByID(res) {
			if s != "succeeded" {
				t.Errorf("%s %s, want succeeded", id, s)
			}
		}
	}
}

type refusedEngine struct{ called bool }

func (e *refusedEngine) RunGraph(context.Context, dagrun.EngineRun) (*executor.Report, error) {
	e.called = true
	return nil, errors.New("ran")
}

// Another engine does not keep the records: it is refused, not ignored,
// unless every pipe is to run anyway.
func TestUpToDateOtherEngine(t *testing.T) {
	p, dir := loadUpToDate(t)
	eng := &refusedEngine{}
	_, err := p.Run(t.Context(), dagrun.RunOptions{Engine: eng, UpToDate: &dagrun.UpToDateOptions{Dir: dir}})
	if !errors.Is(err, dagrun.ErrUpToDateEngine) || eng.called {
		t.Fatalf("err = %v (engine called: %v), want ErrUpToDateEngine before the engine", err, eng.called)
	}
	_, err = p.Run(t.Context(), dagrun.RunOptions{Engine: eng, UpToDate: &dagrun.UpToDateOptions{Dir: dir, Force: true}})
	if !eng.called {
		t.Fatalf("forced: err = %v, want the engine to run", err)
	}
}

func TestDownstream(t *testing.T) {
	p, _ := loadUpToDate(t)
	in, err := p.Downstream([]string{"each[x]"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, id := range []string{"gen", "each", "each[x]", "each[y]", "use"} {
		got[id] = in(id)
	}
	want := map[string]bool{"gen": false, "each": false, "each[x]": true, "each[y]": false, "use": true}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Downstream(each[x]) (-want +got):\n%s", d)
	}
	if _, err := p.Downstream([]string{"nope"}); !errors.Is(err, dagrun.ErrNoSuchPipe) {
		t.Errorf("Downstream(nope): %v, want ErrNoSuchPipe", err)
	}
}

func TestUpToDatePipes(t *testing.T) {
	p, dir := loadUpToDate(t)
	o := dagrun.UpToDateOptions{Dir: filepath.Join(dir, "records")}
	ids, err := p.UpToDatePipes(t.Context(), o)
	if err != nil || len(ids) != 0 {
		t.Fatalf("before any run: %v, %v; want none", ids, err)
	}
	if _, err := p.Run(t.Context(), dagrun.RunOptions{UpToDate: &o}); err != nil {
		t.Fatal(err)
	}
	ids, err = p.UpToDatePipes(t.Context(), o)
	if d := cmp.Diff([]string{"gen", "each", "each[x]", "each[y]"}, ids); err != nil || d != "" {
		t.Errorf("after a run (-want +got): %v\n%s", err, d)
	}
	if err := os.WriteFile(filepath.Join(dir, "in.txt"), []byte("two\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// gen would run: what reads it is not known to be up to date.
	ids, err = p.UpToDatePipes(t.Context(), o)
	if err != nil || len(ids) != 0 {
		t.Errorf("after a change: %v, %v; want none", ids, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "gen.count")); strings.Count(string(b), "run") != 1 {
		t.Errorf("UpToDatePipes ran a pipe: gen.count = %q", b)
	}
}

// A run tells UpToDateOptions.Unmatched of the sources that match nothing
// when a pipe is checked; files an upstream makes before are found.
func TestUpToDateUnmatched(t *testing.T) {
	dir := t.TempDir()
	p, err := dagrun.LoadSource(filepath.Join(dir, "p.hcl"), []byte(`
pipe "make" {
  use       = "exec"
  script    = "mkdir -p out && echo x > out/a.o"
  generates = ["out/*.o"]
}
pipe "link" {
  use        = "exec"
  command    = ["true"]
  sources    = ["out/*.o", "lib/*.a"]
  depends_on = [pipe.make]
}
`), dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	o := &dagrun.UpToDateOptions{Dir: filepath.Join(dir, "records"), Unmatched: func(task string, patterns []string) {
		got = append(got, task+": "+strings.Join(patterns, ", "))
	}}
	if _, err := p.Run(t.Context(), dagrun.RunOptions{UpToDate: o}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"link: lib/*.a"}, got); d != "" {
		t.Errorf("unmatched (-want +got):\n%s", d)
	}
	// Before the run, validate's warning leaves out what a pipe generates.
	os.RemoveAll(filepath.Join(dir, "out"))
	w := p.SourceWarnings()
	if len(w) != 1 || !strings.Contains(w[0].Detail, `"lib/*.a"`) || strings.Contains(w[0].Detail, "out/") {
		t.Errorf("SourceWarnings = %v", w)
	}
}
