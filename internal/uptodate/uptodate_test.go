package uptodate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"src/a.c": "a", "src/b.c": "b", "src/sub/c.c": "c", "src/h.h": "h", "README": "r"})
	if err := os.MkdirAll(filepath.Join(dir, "src", "dir.c"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		patterns    []string
		files, none []string
	}{
		{[]string{"src/*.c"}, []string{"src/a.c", "src/b.c"}, nil},
		{[]string{"src/**/*.c"}, []string{"src/a.c", "src/b.c", "src/sub/c.c"}, nil},
		{[]string{"src/{a,b}.c", "src/a.c"}, []string{"src/a.c", "src/b.c"}, nil}, // each once
		{[]string{"src/*.h", "lib/*.c"}, []string{"src/h.h"}, []string{"lib/*.c"}},
		{[]string{"src/dir.c"}, nil, []string{"src/dir.c"}}, // a directory is no file
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.patterns, ","), func(t *testing.T) {
			files, none, err := Expand(dir, tt.patterns)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.files, files); d != "" {
				t.Errorf("files (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.none, none); d != "" {
				t.Errorf("matching nothing (-want +got):\n%s", d)
			}
		})
	}
	abs := filepath.Join(dir, "src", "a.c")
	if files, _, err := Expand(t.TempDir(), []string{abs}); err != nil || len(files) != 1 || files[0] != filepath.ToSlash(abs) {
		t.Errorf("an absolute pattern: %v, %v", files, err)
	}
	if _, _, err := Expand(dir, []string{"src/[a"}); err == nil {
		t.Error("an invalid glob: no error")
	}
}

func TestHashFilesNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"a": "x"})
	if err := os.Symlink("nowhere", filepath.Join(dir, "dangling")); err != nil {
		t.Fatal(err)
	}
	files, _, err := Expand(dir, []string{"*"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = HashFiles(dir, files)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "dangling")) {
		t.Fatalf("err = %v, want one naming the dangling link", err)
	}
	got, err := HashFiles(dir, []string{"a"})
	// sha256("x")
	if err != nil || got[0].Hash != "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881" {
		t.Errorf("HashFiles(a) = %v, %v", got, err)
	}
}

type args struct {
	Command []string
	Env     map[string]string
	N       *int
	Extra   cty.Value
}

func TestKey(t *testing.T) {
	n := 3
	base := Inputs{Pipe: "p", Type: "exec", Args: &args{Command: []string{"cc", "a.c"}, Env: map[string]string{"A": "1", "B": "2"}, N: &n, Extra: cty.StringVal("x")},
		Upstreams: []cty.Value{cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal("out")}), cty.NilVal},
		Sources:   []File{{Path: "a.c", Hash: "h1"}}, Generates: []string{"a.o"}}
	key := func(in Inputs) string {
		t.Helper()
		k, err := Key(in)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k0 := key(base)
	if key(base) != k0 {
		t.Fatal("the same inputs gave two keys")
	}
	// Map order does not count; every input does.
	same := base
	same.Args = &args{Command: []string{"cc", "a.c"}, Env: map[string]string{"B": "2", "A": "1"}, N: &n, Extra: cty.StringVal("x")}
	if key(same) != k0 {
		t.Error("a map in another order changed the key")
	}
	m := 4
	changes := map[string]func(in *Inputs){
		"pipe": func(in *Inputs) { in.Pipe = "q" },
		"argument": func(in *Inputs) {
			in.Args = &args{Command: []string{"cc", "-O2", "a.c"}, Env: map[string]string{"A": "1", "B": "2"}, N: &n, Extra: cty.StringVal("x")}
		},
		"pointer": func(in *Inputs) {
			in.Args = &args{Command: []string{"cc", "a.c"}, Env: map[string]string{"A": "1", "B": "2"}, N: &m, Extra: cty.StringVal("x")}
		},
		"cty": func(in *Inputs) {
			in.Args = &args{Command: []string{"cc", "a.c"}, Env: map[string]string{"A": "1", "B": "2"}, N: &n, Extra: cty.NumberIntVal(1)}
		},
		"upstream":  func(in *Inputs) { in.Upstreams = []cty.Value{cty.StringVal("out"), cty.NilVal} },
		"source":    func(in *Inputs) { in.Sources = []File{{Path: "a.c", Hash: "h2"}} },
		"generates": func(in *Inputs) { in.Generates = []string{"b.o"} },
		// Strings are delimited: "ab"+"c" is not "a"+"bc".
		"split": func(in *Inputs) {
			in.Args = &args{Command: []string{"cca", ".c"}, Env: map[string]string{"A": "1", "B": "2"}, N: &n, Extra: cty.StringVal("x")}
		},
	}
	for name, change := range changes {
		in := base
		change(&in)
		if key(in) == k0 {
			t.Errorf("a change of %s left the key as it was", name)
		}
	}
	// A sensitive mark does not change the key, and does not fail it.
	marked := base
	marked.Args = &args{Command: []string{"cc", "a.c"}, Env: map[string]string{"A": "1", "B": "2"}, N: &n, Extra: cty.StringVal("x").Mark("sensitive")}
	if key(marked) != k0 {
		t.Error("a sensitive mark changed the key")
	}
	if _, err := Key(Inputs{Args: &struct{ C chan int }{}}); err == nil {
		t.Error("a channel: no error")
	}
}

func TestCheckAndRecord(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"src/a.c": "int a;"})
	o := &Options{Store: Open(filepath.Join(dir, "records"))}
	p := Pipe{Dir: dir, Sources: []string{"src/*.c"}, Generates: []string{"out/*.o"}}
	in := Inputs{Pipe: "compile", Type: "exec", Args: &args{Command: []string{"cc"}}}
	check := func() *Check {
		t.Helper()
		c, err := o.Begin(p, in)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if check().UpToDate {
		t.Fatal("up to date before any run")
	}
	// A success that made nothing it says it makes is an error, and no record.
	if err := check().Succeeded(cty.NilVal, time.Now()); err == nil || !strings.Contains(err.Error(), `"out/*.o"`) {
		t.Errorf("nothing generated: %v", err)
	}
	if check().UpToDate {
		t.Fatal("up to date after a success that made nothing")
	}
	write(t, dir, map[string]string{"out/a.o": "obj"})
	out := cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal("built"), "exit_code": cty.NumberIntVal(0)})
	if err := check().Succeeded(out, time.Now()); err != nil {
		t.Fatal(err)
	}
	c := check()
	if !c.UpToDate || !c.Output.RawEquals(out) {
		t.Fatalf("after a success: up to date %v, output %#v", c.UpToDate, c.Output)
	}
	// Force and Replace run it anyway.
	o.Force = true
	if check().UpToDate {
		t.Error("forced, yet up to date")
	}
	o.Force, o.Replace = false, func(task string) bool { return task == "compile" }
	if check().UpToDate {
		t.Error("replaced, yet up to date")
	}
	o.Replace = nil
	// A generated file changed, removed, or one more: out of date.
	write(t, dir, map[string]string{"out/a.o": "other"})
	if check().UpToDate {
		t.Error("generated file changed, yet up to date")
	}
	write(t, dir, map[string]string{"out/a.o": "obj"})
	if !check().UpToDate {
		t.Error("generated file restored, not up to date")
	}
	write(t, dir, map[string]string{"out/b.o": "new"})
	if check().UpToDate {
		t.Error("a generated file more, yet up to date")
	}
	os.Remove(filepath.Join(dir, "out", "b.o"))
	// A source's contents count, not its time.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "src", "a.c"), later, later); err != nil {
		t.Fatal(err)
	}
	if !check().UpToDate {
		t.Error("a touched source made it out of date")
	}
	write(t, dir, map[string]string{"src/a.c": "int a2;"})
	if check().UpToDate {
		t.Error("a changed source left it up to date")
	}
	// A record that cannot be read is no record.
	if err := os.WriteFile(filepath.Join(dir, "records", fileName("compile")), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := o.Store.Load("compile"); ok {
		t.Error("a torn record was read")
	}
}

func TestFileName(t *testing.T) {
	for task, want := range map[string]string{"compile": "compile.json", "each[x]": "each%5Bx%5D.json", ".hidden": "%2Ehidden.json", "a/b": "a%2Fb.json"} {
		if got := fileName(task); got != want {
			t.Errorf("fileName(%q) = %q, want %q", task, got, want)
		}
	}
	if long := fileName(strings.Repeat("x", 300)); len(long) > 200 {
		t.Errorf("a long name: %d bytes", len(long))
	}
}
