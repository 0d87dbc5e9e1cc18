package hcl

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The pipes of a sub-pipeline are steps of the calling pipe, with prefixed
// ids, dependencies and pools; a sensitive value given in vars is sensitive
// in the child and redacted by the calling pipeline; the child's directory
// is its pipes'.
func TestSubPipelineModel(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"parent.hcl": `variable "token" {
  default   = "s3cr3t-value"
  sensitive = true
}
pipe "etl" {
  use    = "pipeline"
  source = "./sub/child.hcl"
  vars   = { token = var.token }
}
`,
		"sub/child.hcl": `variable "token" { type = string }
pool "db" { size = 1 }
pipe "load" {
  use  = "value"
  value = "x"
  pool = "db"
}
pipe "store" {
  use   = "value"
  value = pipe.load.output
}
`,
	})
	p, diags := Load(filepath.Join(dir, "parent.hcl"), LoadOptions{Types: testOptions().Types})
	mustNoErrors(t, diags)
	etl, _ := p.Pipe("etl")
	if !etl.Composite || strings.Join(etl.Steps, ",") != "etl.load,etl.store" {
		t.Fatalf("etl: composite %v, steps %v", etl.Composite, etl.Steps)
	}
	store, ok := p.Pipe("etl.store")
	if !ok || strings.Join(store.Deps, ",") != "etl,etl.load" || store.Parent != "etl" || store.Path != "etl.store" {
		t.Fatalf("etl.store: %+v", store)
	}
	load, _ := p.Pipe("etl.load")
	if load.Pool != "etl.db" || p.Pools["etl.db"] != 1 {
		t.Errorf("pool %q, pools %v", load.Pool, p.Pools)
	}
	if got := p.Redact("token s3cr3t-value"); got != "token (sensitive)" {
		t.Errorf("Redact = %q", got)
	}
	if got := p.DirOf("etl.load"); got != filepath.Join(dir, "sub") {
		t.Errorf("DirOf = %q", got)
	}
	if got := p.SubPipelineFiles(); len(got) != 1 || got[0] != filepath.Join(dir, "sub/child.hcl") {
		t.Errorf("SubPipelineFiles = %v", got)
	}
	args, diags := p.DecodeArgs("etl.store", func(id string) (PipeState, bool) {
		if id != "etl.load" {
			t.Errorf("state of %q read", id)
		}
		return PipeState{Status: StatusSucceeded, Output: cty.StringVal("x")}, true
	})
	mustNoErrors(t, diags)
	if args == nil {
		t.Error("no arguments")
	}

	// Wrong uses of a pipeline pipe are errors at the pipe.
	for _, tc := range []struct{ src, want string }{
		{`pipe "e" {
  use      = "pipeline"
  source   = "./sub/child.hcl"
  for_each = ["a"]
}`, "for_each on a pipeline pipe"},
		{`pipe "e" {
  use    = "pipeline"
  source = "./sub/child.hcl"
  vars   = { nope = 1 }
}`, "declares no such variable"},
		{`pipe "e" {
  use = "pipeline"
}`, "source"},
	} {
		_, diags := LoadSource(filepath.Join(dir, "bad.hcl"), []byte(tc.src), LoadOptions{Types: testOptions().Types})
		if !diags.HasErrors() || !strings.Contains(diags.Error(), tc.want) {
			t.Errorf("%s: %v; want %q", tc.src, diags, tc.want)
		}
	}
}

// A child pipeline given as a directory loads from LoadOptions.ListDir and
// ReadFile alone, as on a Temporal worker without the directory: nothing of
// the disk is read.
func TestSubPipelineDirectoryWithoutDisk(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "not-on-disk")
	files := map[string]string{
		filepath.Join(dir, "sub", "a.hcl"): `pipe "first" {
  use   = "value"
  value = "one"
}
`,
		filepath.Join(dir, "sub", "b.hcl"): `pipe "second" {
  use   = "value"
  value = pipe.first.output
}
`,
	}
	parent := []SourceFile{{Name: filepath.Join(dir, "parent.hcl"), Src: []byte(`pipe "etl" {
  use    = "pipeline"
  source = "./sub"
}
`)}}
	opts := LoadOptions{
		Types: testOptions().Types,
		ReadFile: func(name string) ([]byte, error) {
			if s, ok := files[name]; ok {
				return []byte(s), nil
			}
			return nil, fmt.Errorf("%s: not shipped", name)
		},
		ListDir: func(path string) ([]string, bool) {
			var names []string
			for name := range files {
				if filepath.Dir(name) == filepath.Clean(path) {
					names = append(names, name)
				}
			}
			return names, len(names) > 0
		},
	}
	p, diags := LoadFiles(dir, "parent", parent, opts)
	mustNoErrors(t, diags)
	etl, _ := p.Pipe("etl")
	if strings.Join(etl.Steps, ",") != "etl.first,etl.second" {
		t.Errorf("etl's steps: %v", etl.Steps)
	}
	if got := p.SubPipelineFiles(); len(got) != 2 {
		t.Errorf("SubPipelineFiles = %v, want the two files of sub", got)
	}
}

// A called pipeline's own pipeline and schedule blocks are not used: the
// call says so with a warning at its source.
func TestSubPipelineSettingsWarn(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"parent.hcl": `pipe "etl" {
  use    = "pipeline"
  source = "./child.hcl"
}
`,
		"child.hcl": `pipeline "child" {
  parallelism = 2
}
pipe "load" {
  use   = "value"
  value = "x"
}
`,
	})
	_, diags := Load(filepath.Join(dir, "parent.hcl"), LoadOptions{Types: testOptions().Types})
	if diags.HasErrors() || len(diags) != 1 || diags[0].Severity != hcl2.DiagWarning || diags[0].Summary != "Settings of a called pipeline not used" || diags[0].Subject.Start.Line != 3 {
		t.Errorf("diagnostics: %v", diags)
	}
}
