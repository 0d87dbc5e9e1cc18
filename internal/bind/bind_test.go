package bind_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/dagrun/dagrun/executor"
	dhcl "github.com/dagrun/dagrun/hcl"
	"github.com/dagrun/dagrun/internal/bind"
	"github.com/dagrun/dagrun/pipes"
)

func load(t testing.TB, src string) *dhcl.Pipeline {
	t.Helper()
	cfg, diags := dhcl.LoadSource("bind.hcl", []byte(src), dhcl.LoadOptions{Types: pipes.Builtins()})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return cfg
}

// TestNodesRunThroughRunner: every attempt of a pipe, for_each instances and
// steps of a for_each composite included, is a call of the Runner with the
// pipe's decoded arguments.
func TestNodesRunThroughRunner(t *testing.T) {
	cfg := load(t, `
pipe "a" {
  use   = "value"
  value = 1
}
pipe "fan" {
  for_each = toset(["x", "y"])
  pipe "first" {
    use   = "value"
    value = "${each.key}-${pipe.a.output}"
  }
  pipe "second" {
    use   = "value"
    value = "${pipe.first.output}+"
  }
}
pipe "skipped" {
  use   = "value"
  if    = pipe.a.output > 1
  value = 0
}
`)
	var calls []string
	run := func(_ context.Context, c bind.Call) (cty.Value, error) {
		args := c.Args.(*pipes.ValueArgs)
		calls = append(calls, fmt.Sprintf("%s %s %q #%d", c.Task, c.Pipe, c.Key, c.Attempt))
		return args.Value, nil
	}
	nodes, err := bind.Nodes(cfg, run)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range nodes {
		ids = append(ids, n.ID)
	}
	if got := strings.Join(ids, " "); got != "a fan skipped" {
		t.Errorf("nodes: %s, want a fan skipped (the composite's steps run in its instances)", got)
	}
	g, err := executor.NewGraph(nodes)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := executor.Run(context.Background(), g, executor.Options{Parallelism: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Status != executor.StatusSucceeded {
		t.Fatalf("run %s", rep.Status)
	}
	want := `a a "" #1|fan[x].first first "x" #1|fan[y].first first "y" #1|fan[x].second second "x" #1|fan[y].second second "y" #1`
	if got := strings.Join(calls, "|"); got != want {
		t.Errorf("calls:\n got %s\nwant %s", got, want)
	}
	if r, _ := rep.Result("fan[y].second"); r.Output.AsString() != "y-1+" {
		t.Errorf("fan[y].second: %#v", r.Output)
	}
	if r, _ := rep.Result("skipped"); r.Status != executor.StatusSkipped {
		t.Errorf("skipped: %s", r.Status)
	}
}

// BenchmarkNodes binds 1000 pipes: what each run of a loaded pipeline pays.
//
//	go test -run '^$' -bench Nodes ./internal/bind
func BenchmarkNodes(b *testing.B) {
	var sb strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&sb, "pipe \"p%d\" {\n  use = \"value\"\n  value = %d\n}\n", i, i)
	}
	cfg := load(b, sb.String())
	run := func(context.Context, bind.Call) (cty.Value, error) { return cty.NilVal, nil }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bind.Nodes(cfg, run); err != nil {
			b.Fatal(err)
		}
	}
}

// TestOutputTooDeep: an output nested deeper than the language allows could
// not be recorded; its attempt fails at once (no retry: it would come back
// the same) with a short error, and for_each instances are checked alike.
func TestOutputTooDeep(t *testing.T) {
	cfg := load(t, `
pipe "deep" {
  use     = "value"
  value   = 1
  retries = 3
}
pipe "fan" {
  for_each = toset(["x"])
  use      = "value"
  value    = 2
  retries  = 3
}
`)
	deep := cty.StringVal("leaf")
	for range dhcl.MaxValueDepth + 1 {
		deep = cty.TupleVal([]cty.Value{deep})
	}
	run := func(_ context.Context, c bind.Call) (cty.Value, error) { return deep, nil }
	nodes, err := bind.Nodes(cfg, run)
	if err != nil {
		t.Fatal(err)
	}
	g, err := executor.NewGraph(nodes)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := executor.Run(context.Background(), g, executor.Options{Parallelism: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"deep", "fan[x]"} {
		r, _ := rep.Result(id)
		if r.Status != executor.StatusFailed || r.Attempts != 1 || r.Err == nil {
			t.Fatalf("%s: %s after %d attempt(s), error %v", id, r.Status, r.Attempts, r.Err)
		}
		if msg := r.Err.Error(); !strings.Contains(msg, "more than 1000 levels deep") || len(msg) > 200 {
			t.Errorf("%s: error %q", id, msg)
		}
	}
}
