package hcl

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/pipes"
)

const releaseSrc = `
pipe "static" {
  use     = "exec"
  command = ["echo", "hi"]
}
pipe "dynamic" {
  use     = "exec"
  command = ["echo", pipe.static.output.stdout]
}
`

// A load without errors keeps no syntax tree of its files, nor the bodies of
// arguments decoded at load; Files parses the files again, for diagnostics
// with their context.
func TestLoadDropsSyntaxTrees(t *testing.T) {
	p := loadSrc(t, releaseSrc, LoadOptions{Types: pipes.Builtins()})
	for name, f := range p.files.byName {
		if f.Body != nil {
			t.Errorf("file %s: the syntax tree was kept after the load", name)
		}
		if len(f.Bytes) == 0 {
			t.Errorf("file %s: the source was dropped too", name)
		}
	}
	static, _ := p.Pipe("static")
	if static.argsBody != nil || static.argsContent != nil {
		t.Error("pipe static: the arguments' body was kept, though they were decoded at load")
	}
	dynamic, _ := p.Pipe("dynamic")
	if dynamic.argsBody == nil {
		t.Error("pipe dynamic: the arguments' body was dropped, though it is decoded at run time")
	}

	// Both still decode.
	args, diags := p.DecodeArgs("static", fakeStates{}.get)
	mustNoErrors(t, diags)
	if diff := cmp.Diff([]string{"echo", "hi"}, args.(*pipes.ExecArgs).Command); diff != "" {
		t.Errorf("static command (-want +got):\n%s", diff)
	}
	out := cty.ObjectVal(map[string]cty.Value{"stdout": cty.StringVal("hi\n")})
	args, diags = p.DecodeArgs("dynamic", fakeStates{"static": succeeded(out)}.get)
	mustNoErrors(t, diags)
	if diff := cmp.Diff([]string{"echo", "hi\n"}, args.(*pipes.ExecArgs).Command); diff != "" {
		t.Errorf("dynamic command (-want +got):\n%s", diff)
	}

	// The source is there without parsing again.
	whole := func(name string) hcl2.Range {
		return hcl2.Range{Filename: name, End: hcl2.Pos{Byte: len(releaseSrc)}}
	}
	for name := range p.files.byName {
		if src, ok := p.SourceOf(whole(name)); !ok || string(src) != releaseSrc {
			t.Errorf("SourceOf(%s) = %q, %v", name, src, ok)
		}
		if p.files.byName[name].Body != nil {
			t.Errorf("SourceOf(%s) parsed the file again", name)
		}
	}
	if _, ok := p.SourceOf(whole("nope.hcl")); ok {
		t.Error("SourceOf in an unknown file: ok")
	}

	// A diagnostic of the run renders with its source and context.
	files := p.Files()
	var name string
	for n, f := range files {
		if _, ok := f.Body.(*hclsyntax.Body); !ok {
			t.Fatalf("Files()[%s].Body is %T, want a parsed body", n, f.Body)
		}
		name = n
	}
	_, diags = p.DecodeArgs("dynamic", fakeStates{}.get) // the upstream has not finished
	if !diags.HasErrors() {
		t.Fatal("DecodeArgs without the upstream's result: no error")
	}
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, files, diags, false, 100); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`on ` + name + ` line 8, in pipe "dynamic":`, `command = ["echo", pipe.static.output.stdout]`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("diagnostic lacks %q:\n%s", want, buf.String())
		}
	}
	if again := p.Files(); again[name] != files[name] {
		t.Error("Files parsed the files again on its second call")
	}
}

// A load with errors keeps its syntax trees: they render its diagnostics.
func TestLoadWithErrorsKeepsSyntaxTrees(t *testing.T) {
	p, diags := LoadSource("bad.hcl", []byte(`pipe "a" { use = "nope" }`), LoadOptions{Types: pipes.Builtins()})
	if !diags.HasErrors() {
		t.Fatal("no error")
	}
	for name, f := range p.files.byName {
		if _, ok := f.Body.(*hclsyntax.Body); !ok {
			t.Errorf("file %s: body %T, want the parsed tree", name, f.Body)
		}
	}
}
