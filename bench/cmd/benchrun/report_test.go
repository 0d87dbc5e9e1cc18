package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// parseTop reads the table of `go tool pprof -top`, CPU and memory, names
// with spaces included, and nothing of the lines above it.
func TestParseTop(t *testing.T) {
	out := `File: libbench
Type: alloc_space
Showing nodes accounting for 1.39s, 81.29% of 1.71s total
      flat  flat%   sum%        cum   cum%
  110.06MB 33.04% 33.04%   110.06MB 33.04%  github.com/hashicorp/hcl/v2/hclsyntax.(*tokenAccum).emitToken
     0.16s  9.36% 42.40%      0.16s  9.36%  runtime.memclrNoHeapPointers
         0     0% 42.40%      0.22s 12.87%  github.com/hashicorp/hcl/v2/hclsyntax.scanTokens.func1 (inline)
`
	want := []topEntry{
		{Name: "github.com/hashicorp/hcl/v2/hclsyntax.(*tokenAccum).emitToken", Value: "110.06MB", Flat: 33.04, Cum: 33.04},
		{Name: "runtime.memclrNoHeapPointers", Value: "0.16s", Flat: 9.36, Cum: 9.36},
		{Name: "github.com/hashicorp/hcl/v2/hclsyntax.scanTokens.func1 (inline)", Value: "0", Flat: 0, Cum: 12.87},
	}
	if d := cmp.Diff(want, parseTop(out)); d != "" {
		t.Errorf("parseTop (-want +got):\n%s", d)
	}
	if got := topText(want, 2); got != "`hclsyntax.(*tokenAccum).emitToken` 33%, `runtime.memclrNoHeapPointers` 9%" {
		t.Errorf("topText = %s", got)
	}
}

// pickEntries finds functions by their name after the module path, in the
// order asked, and skips those the profile does not have.
func TestPickEntries(t *testing.T) {
	es := []topEntry{
		{Name: "runtime.gcBgMarkWorker", Flat: 0, Cum: 20},
		{Name: "github.com/hashicorp/hcl/v2/hclsyntax.ParseConfig", Flat: 0, Cum: 40},
	}
	got := pickEntries(es, []string{"hclsyntax.ParseConfig", "hcl.(*loader).declarePipe", "runtime.gcBgMarkWorker"})
	want := []topEntry{
		{Name: "github.com/hashicorp/hcl/v2/hclsyntax.ParseConfig", Flat: 40, Cum: 40},
		{Name: "runtime.gcBgMarkWorker", Flat: 20, Cum: 20},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("pickEntries (-want +got):\n%s", d)
	}
}
