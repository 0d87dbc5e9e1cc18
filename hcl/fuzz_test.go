package hcl

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	hcl2 "github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// FuzzLoad loads arbitrary sources: it never panics, every error diagnostic
// has a range, and the evaluation entry points survive whatever loaded.
func FuzzLoad(f *testing.F) {
	seeds, err := filepath.Glob("testdata/*/*.hcl")
	if err != nil {
		f.Fatal(err)
	}
	more, _ := filepath.Glob("testdata/valid/*/*.hcl")
	for _, path := range append(seeds, more...) {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	types := testTypes(f)
	opts := LoadOptions{
		Types:     types,
		LookupEnv: func(string) (string, bool) { return "", false },
		Now:       func() time.Time { return testNow },
		// Hermetic: file() must not read the machine's files (think
		// /dev/zero).
		ReadFile: func(string) ([]byte, error) { return nil, errors.New("no files in the fuzzer") },
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, diags := LoadSource("fuzz.hcl", src, opts)
		if p == nil {
			t.Fatal("nil Pipeline")
		}
		for _, d := range diags {
			if d.Severity == hcl2.DiagError && d.Subject == nil {
				t.Fatalf("error without a range: %s: %s", d.Summary, d.Detail)
			}
		}
		if diags.HasErrors() {
			return
		}
		// Every pipe finished with a null output: evaluation may fail, but
		// must not panic.
		states := func(id string) (PipeState, bool) {
			return PipeState{Status: StatusSucceeded, Output: cty.NullVal(cty.DynamicPseudoType), Attempts: 1}, true
		}
		each := Each{Key: "k", Value: cty.NullVal(cty.DynamicPseudoType)}
		for _, pp := range p.Pipes {
			if pp.ForEach != nil {
				if elems, _ := p.EvalForEach(pp.ID, states); len(elems) > 0 {
					each = elems[0]
				}
			}
			if pp.ForEach != nil || pp.FanOut != "" {
				if !pp.Composite {
					_, _ = p.DecodeInstanceArgs(pp.ID, each, states)
				}
				_, _ = p.EvalInstanceCondition(pp.ID, each, states)
				continue
			}
			if !pp.Composite {
				_, _ = p.DecodeArgs(pp.ID, states)
			}
			_, _ = p.EvalCondition(pp.ID, states)
		}
		_, _ = p.EvalOutputs(states)
		_ = p.Redact(string(src))
	})
}
