package executor

import (
	"fmt"
	"strings"
	"testing"
)

func TestSelect(t *testing.T) {
	nodes := []Node{
		{ID: "a"}, {ID: "c", Steps: []string{"s1", "s2"}}, {ID: "s1", Deps: []string{"c", "a"}}, {ID: "s2", Deps: []string{"c"}}, {ID: "t", Deps: []string{"s1"}},
	}
	got, err := Select(nodes, []string{"t"})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, n := range got {
		fmt.Fprintf(&b, "%s%v ", n.ID, n.Steps)
	}
	if s := b.String(); s != "a[] c[s1] s1[] t[] " {
		t.Errorf("selected: %s", s)
	}
	if _, err := Select(nodes, []string{"nope"}); err == nil || !strings.Contains(err.Error(), `unknown target "nope"`) {
		t.Errorf("unknown target: %v", err)
	}
}
