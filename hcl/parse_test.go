package hcl

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// parseSources are files whose lines look like the start of a top-level
// block where they are not: parsed in pieces, a cut there must be refused.
var parseSources = map[string]string{
	"blocks": `pipeline "p" {}
pipe "a" {
  use     = "exec"
  command = ["true"]
}
pipe "b" {
  use = "exec"
  command = ["echo", pipe.a.output.stdout]
}
locals {
  x = 1
}
`,
	"heredoc": `pipe "a" {
  use    = "exec"
  script = <<EOT
pipe "fake" {
  use = "exec"
}
locals {
EOT
}
pipe "b" {
  use = "exec"
  script = <<-EOT
    echo ${pipe.a.output.stdout}
pipe "not" {
  EOT
}
`,
	"comments": `/*
pipe "commented" {
}
*/
pipe "a" {
  use = "exec" # pipe "x" {
  command = ["true"] // locals {
}
/* one
locals { */
pipe "b" {
  use = "sleep"
  duration = "1s"
}
`,
	"unindented nesting": `pipe "a" {
sequential = true
pipe "s1" {
use = "exec"
command = ["true"]
}
pipe "s2" {
use = "exec"
command = ["true"]
}
}
variable "v" {
default = [
1,
2,
]
}
`,
	"multi-line expressions": `locals {
  m = {
    a = 1
    b = "x${
true ? "y" : "z"}"
  }
  s = "a"
}
pipe "a" {
  use = "value"
  value = (
local.m
)
}
`,
	"top-level attributes": `x = 1
pipe "a" {
  use = "value"
  value = 1
}
y = 2
x = 3
`,
	"crlf": "pipe \"a\" {\r\n  use = \"value\"\r\n  value = 1\r\n}\r\npipe \"b\" {\r\n  use = \"value\"\r\n  value = 2\r\n}\r\n",
	"bom":  "\ufeffpipe \"a\" {\n  use = \"value\"\n  value = 1\n}\npipe \"b\" {\n  use = \"value\"\n  value = 2\n}\n",
	"errors": `pipe "a" {
  use = "value"
  value = [1,
}
pipe "b" {
  use = 
}
pipe "c" "d" {
}
`,
	"unterminated heredoc": `pipe "a" {
  script = <<EOT
pipe "b" {
}
`,
	"unterminated comment": `pipe "a" {
}
/*
pipe "b" {
}
`,
	"no final newline": "pipe \"a\" {\n}\npipe \"b\" {\n}",
	"empty":            "",
}

// TestParseConfigCutMatchesWhole: cut at every line it can, parseConfig gives
// what hclsyntax.ParseConfig gives for the whole file: the same blocks,
// attributes and ranges, diagnostics, and block names for diagnostics.
func TestParseConfigCutMatchesWhole(t *testing.T) {
	testdata, _ := filepath.Glob("testdata/*/*.hcl")
	valid, _ := filepath.Glob("testdata/valid/*/*.hcl")
	sources := map[string][]byte{}
	for name, src := range parseSources {
		sources[name] = []byte(src)
	}
	for _, path := range append(testdata, valid...) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sources[path] = src
	}
	sources["bench"] = benchSource(300)
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			checkCutParse(t, src)
		})
	}
}

func checkCutParse(t *testing.T, src []byte) {
	t.Helper()
	want, wantDiags := hclsyntax.ParseConfig(src, "p.hcl", hcl2.InitialPos)
	for _, size := range []int{1, 64, chunkBytes} {
		got, gotDiags := parseConfigCut(src, "p.hcl", size)
		if d := cmp.Diff(diagStrings(wantDiags), diagStrings(gotDiags)); d != "" {
			t.Fatalf("cut at %d bytes: diagnostics (-whole +cut):\n%s", size, d)
		}
		if want == nil || got == nil {
			if (want == nil) != (got == nil) {
				t.Fatalf("cut at %d bytes: file %v, whole %v", size, got, want)
			}
			continue
		}
		if d := cmp.Diff(describeBody(want.Body.(*hclsyntax.Body)), describeBody(got.Body.(*hclsyntax.Body))); d != "" {
			t.Fatalf("cut at %d bytes: body (-whole +cut):\n%s", size, d)
		}
		if string(got.Bytes) != string(src) {
			t.Errorf("cut at %d bytes: file bytes differ", size)
		}
		for off := 0; off < len(src); off += 7 {
			if w, g := contextString(want, off), contextString(got, off); w != g {
				t.Errorf("cut at %d bytes: context at %d = %q, whole %q", size, off, g, w)
			}
		}
	}
}

// contextString is what the diagnostic writer prints as the block around
// offset ("in pipe \"a\"").
func contextString(f *hcl2.File, offset int) string {
	nav, ok := f.Nav.(interface{ ContextString(int) string })
	if !ok {
		return "no navigation"
	}
	return nav.ContextString(offset)
}

func diagStrings(diags hcl2.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%v %s: %s: %s", d.Severity, d.Subject, d.Summary, d.Detail))
	}
	return out
}

// describeBody renders a body's structure and every range in it.
func describeBody(b *hclsyntax.Body) []string {
	var out []string
	var walk func(prefix string, b *hclsyntax.Body)
	walk = func(prefix string, b *hclsyntax.Body) {
		out = append(out, fmt.Sprintf("%sbody %s end %s", prefix, b.SrcRange, b.EndRange))
		for _, name := range slices.Sorted(maps.Keys(b.Attributes)) {
			a := b.Attributes[name]
			out = append(out, fmt.Sprintf("%s%s = %s (%s, name %s)", prefix, name, a.Expr.Range(), a.SrcRange, a.NameRange))
			hclsyntax.VisitAll(a.Expr, func(n hclsyntax.Node) hcl2.Diagnostics {
				out = append(out, fmt.Sprintf("%s  %T %s", prefix, n, n.Range()))
				return nil
			})
		}
		for _, blk := range b.Blocks {
			out = append(out, fmt.Sprintf("%s%s %q %s %v %s %s", prefix, blk.Type, blk.Labels, blk.TypeRange, blk.LabelRanges, blk.OpenBraceRange, blk.CloseBraceRange))
			walk(prefix+"  ", blk.Body)
		}
	}
	walk("", b)
	return out
}

// FuzzParseConfigCut: whatever the source, parsing it cut at every line it
// can gives what parsing it whole gives.
func FuzzParseConfigCut(f *testing.F) {
	for _, src := range parseSources {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if strings.Count(string(src), "\n") > 200 {
			return // ContextString at every 7th byte of a long file is slow
		}
		checkCutParse(t, src)
	})
}
