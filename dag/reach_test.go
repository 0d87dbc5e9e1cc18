package dag_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dagrun/dagrun/dag"
)

func TestReach(t *testing.T) {
	deps := map[string][]string{"d": {"b", "c"}, "b": {"a"}, "c": {"a"}, "x": {"d"}}
	got := dag.Reach([]string{"d"}, func(k string) []string { return deps[k] })
	want := map[string]bool{"a": true, "b": true, "c": true, "d": true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A cycle ends the walk too; no start, nothing reached.
	cyc := map[int][]int{1: {2}, 2: {1}}
	if got := dag.Reach([]int{1}, func(k int) []int { return cyc[k] }); len(got) != 2 {
		t.Errorf("cycle: %v", got)
	}
	if got := dag.Reach(nil, func(k int) []int { return cyc[k] }); len(got) != 0 {
		t.Errorf("no start: %v", got)
	}
}
