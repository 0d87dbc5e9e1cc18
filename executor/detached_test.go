package executor

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

type fixedView struct {
	ups   []*Result
	insts map[string][]*Result
	run   RunView
}

func (v fixedView) Upstream(id string) (*Result, bool) {
	for _, r := range v.ups {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}
func (v fixedView) Upstreams() []*Result          { return v.ups }
func (v fixedView) Instances(id string) []*Result { return v.insts[id] }
func (v fixedView) Run() RunView                  { return v.run }

// A detached Input reads its view: what a function running away from the
// scheduler sees of its run.
func TestDetachedInput(t *testing.T) {
	a := &Result{ID: "a", Status: StatusSucceeded, Output: cty.StringVal("x")}
	fan := &Result{ID: "fan", Status: StatusFailed}
	inst := &Result{ID: "fan[k]", Key: "k", Status: StatusFailed}
	in := DetachedInput("b[q]", "q", 2, fixedView{ups: []*Result{a, fan}, insts: map[string][]*Result{"fan": {inst}},
		run: RunView{Ended: true, Status: StatusFailed, Failed: []string{"fan"}}})
	if in.Node != "b[q]" || in.Key != "q" || in.Attempt != 2 {
		t.Errorf("input %q %q %d", in.Node, in.Key, in.Attempt)
	}
	if r, ok := in.Upstream("a"); !ok || r != a {
		t.Errorf("Upstream(a) = %v, %v", r, ok)
	}
	if _, ok := in.Upstream("none"); ok {
		t.Error("Upstream(none) found")
	}
	if got := in.Upstreams(); len(got) != 2 || got[0] != a || got[1] != fan {
		t.Errorf("Upstreams() = %v", got)
	}
	if got := in.Instances("fan"); len(got) != 1 || got[0] != inst {
		t.Errorf("Instances(fan) = %v", got)
	}
	if rv := in.Run(); !rv.Ended || rv.Status != StatusFailed || len(rv.Failed) != 1 {
		t.Errorf("Run() = %+v", rv)
	}
}
