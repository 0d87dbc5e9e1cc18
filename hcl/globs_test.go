package hcl

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dagrun/dagrun/pipes"
)

func TestFileGlobs(t *testing.T) {
	p, diags := LoadSource("p.hcl", []byte(`
locals {
  dir = "src"
}
pipe "plain" {
  use       = "exec"
  command   = ["true"]
  sources   = ["${local.dir}/*.c"]
  generates = ["out/plain"]
}
pipe "each" {
  for_each  = toset(["a", "b"])
  use       = "exec"
  command   = ["true"]
  sources   = ["${local.dir}/${each.key}.c", "src/*.h"]
  generates = ["out/${each.value}.o"]
}
pipe "static" {
  for_each = toset(["a"])
  use      = "exec"
  command  = ["true"]
  sources  = ["src/all.c"]
}
`), LoadOptions{Types: pipes.Builtins()})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	type globs struct{ Sources, Generates []string }
	get := func(id string, each *Each) globs {
		t.Helper()
		s, g, diags := p.FileGlobs(id, each)
		if diags.HasErrors() {
			t.Fatalf("FileGlobs(%s): %v", id, diags)
		}
		return globs{s, g}
	}
	if d := cmp.Diff(globs{[]string{"src/*.c"}, []string{"out/plain"}}, get("plain", nil)); d != "" {
		t.Errorf("plain (-want +got):\n%s", d)
	}
	elems, diags := p.EvalForEach("each", nil)
	if diags.HasErrors() || len(elems) != 2 {
		t.Fatalf("for_each: %v, %v", elems, diags)
	}
	if d := cmp.Diff(globs{[]string{"src/b.c", "src/*.h"}, []string{"out/b.o"}}, get("each", &elems[1])); d != "" {
		t.Errorf("each[b] (-want +got):\n%s", d)
	}
	if cp, _ := p.Pipe("each"); !cp.EachFiles || cp.Sources != nil {
		t.Errorf("each: EachFiles %v, Sources %v; want per instance only", cp.EachFiles, cp.Sources)
	}
	if cp, _ := p.Pipe("static"); cp.EachFiles {
		t.Error("static: globs that read no each are per instance")
	}
	if _, _, diags := p.FileGlobs("each", nil); !diags.HasErrors() {
		t.Error("each without an instance: no error")
	}
}
