package dagrun_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dagrun/dagrun"
)

func ok(v any) dagrun.Func {
	return func(context.Context, dagrun.Inputs) (any, error) { return v, nil }
}

// A dependency on a pipe that is not there names both pipes and the
// closest name, from Run and from Graph.
func TestMissingDependencyIsNamed(t *testing.T) {
	p := dagrun.New("p").Add("nop", ok(1)).Add("a", ok(2), dagrun.DependsOn("nope"))
	const want = `pipe "a" depends on "nope", which is not in the pipeline (did you mean nop?)`
	if _, err := p.Run(t.Context(), dagrun.RunOptions{}); err == nil || err.Error() != want {
		t.Errorf("Run: %v, want %s", err, want)
	}
	if _, err := p.Graph(); err == nil || err.Error() != want {
		t.Errorf("Graph: %v, want %s", err, want)
	}
	far := dagrun.New("p").Add("a", ok(2), dagrun.DependsOn("zzzzzz"))
	if _, err := far.Run(t.Context(), dagrun.RunOptions{}); err == nil || strings.Contains(err.Error(), "did you mean") {
		t.Errorf("Run: %v, want no suggestion", err)
	}
}

// ForEach runs one instance per item, each with its own retries, in the
// pipe's pool; dependents see every instance; a target may name one.
func TestForEach(t *testing.T) {
	var mu sync.Mutex
	var ran []string
	var running, most atomic.Int32
	attemptsOfB := 0
	build := func() *dagrun.Pipeline {
		return dagrun.New("fan").
			Pool("slots", 1).
			Add("list", ok([]string{"a", "b", "c"})).
			ForEach("each", func(ctx context.Context, in dagrun.Inputs) ([]dagrun.Item, error) {
				var keys []string
				if err := in.Decode("list", &keys); err != nil {
					return nil, err
				}
				items := make([]dagrun.Item, len(keys))
				for i, k := range keys {
					items[i] = dagrun.Item{Key: k, Value: strings.ToUpper(k)}
				}
				return items, nil
			}, func(ctx context.Context, in dagrun.Inputs, item dagrun.Item) (any, error) {
				n := running.Add(1)
				defer running.Add(-1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				mu.Lock()
				ran = append(ran, in.Pipe())
				if item.Key == "b" {
					attemptsOfB++
					if attemptsOfB == 1 {
						mu.Unlock()
						return nil, errors.New("transient")
					}
				}
				mu.Unlock()
				if in.Key() != item.Key {
					t.Errorf("Key() = %q, want %q", in.Key(), item.Key)
				}
				return item.Value, nil
			}, dagrun.DependsOn("list"), dagrun.InPool("slots"), dagrun.Retries(1, 0)).
			Add("join", func(ctx context.Context, in dagrun.Inputs) (any, error) {
				var out []string
				for _, r := range in.Instances("each") {
					out = append(out, r.ID+"="+r.Output.AsString())
				}
				return strings.Join(out, ","), nil
			}, dagrun.DependsOn("each"))
	}
	res, err := build().Run(t.Context(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != dagrun.Succeeded {
		t.Fatalf("status %v", res.Status)
	}
	var join string
	if err := res.Decode("join", &join); err != nil {
		t.Fatal(err)
	}
	if join != "each[a]=A,each[b]=B,each[c]=C" {
		t.Errorf("join = %q", join)
	}
	if b, _ := res.Pipe("each[b]"); b.Attempts != 2 {
		t.Errorf("each[b] attempts %d, want 2", b.Attempts)
	}
	if most.Load() != 1 {
		t.Errorf("%d instances ran at once in a pool of 1", most.Load())
	}

	// One instance as a target: only it runs.
	ran = nil
	res, err = build().Run(t.Context(), dagrun.RunOptions{Targets: []string{"each[c]"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"each[c]"}, ran); diff != "" {
		t.Errorf("ran (-want +got):\n%s", diff)
	}
	if _, ok := res.Pipe("join"); ok {
		t.Error("join ran, but it is no target")
	}
}

// Result.Decode and Inputs.Decode decode outputs as encoding/json does.
func TestResultDecode(t *testing.T) {
	type order struct {
		ID     string  `json:"id"`
		Amount float64 `json:"amount"`
	}
	p := dagrun.New("d").Add("o", ok(order{ID: "x", Amount: 2.5})).Add("none", ok(nil))
	res, err := p.Run(t.Context(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got order
	if err := res.Decode("o", &got); err != nil || got != (order{"x", 2.5}) {
		t.Errorf("Decode: %v, %+v", err, got)
	}
	var none *order
	if err := res.Decode("none", &none); err != nil || none != nil {
		t.Errorf("Decode of no output: %v, %v", err, none)
	}
	if err := res.Decode("missing", &got); err == nil || !strings.Contains(err.Error(), `no pipe "missing"`) {
		t.Errorf("Decode of a missing pipe: %v", err)
	}
	var wrong int
	if err := res.Decode("o", &wrong); err == nil {
		t.Error("an object decoded into an int")
	}
}

// Permanent errors are not retried, whatever the policy.
func TestPermanent(t *testing.T) {
	calls := 0
	p := dagrun.New("perm").Add("a", func(context.Context, dagrun.Inputs) (any, error) {
		calls++
		return nil, dagrun.Permanent(errors.New("bad request"))
	}, dagrun.Retry(dagrun.RetryPolicy{Retries: 5}))
	res, err := p.Run(t.Context(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := res.Pipe("a"); calls != 1 || a.Status != dagrun.Failed || !dagrun.IsPermanent(a.Err) {
		t.Errorf("calls %d, status %v, err %v", calls, a.Status, a.Err)
	}
}

// The retry event's Attempt is the attempt about to be made.
func TestRetryEventAttempt(t *testing.T) {
	var mu sync.Mutex
	var retrying []int
	calls := 0
	p := dagrun.New("r").Add("a", func(context.Context, dagrun.Inputs) (any, error) {
		calls++
		if calls < 3 {
			return nil, errors.New("again")
		}
		return 1, nil
	}, dagrun.Retries(2, 0))
	_, err := p.Run(t.Context(), dagrun.RunOptions{Observer: dagrun.ObserverFunc(func(e dagrun.Event) {
		if e.Type == dagrun.EventRetrying {
			mu.Lock()
			retrying = append(retrying, e.Attempt)
			mu.Unlock()
		}
	})})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(retrying, []int{2, 3}) {
		t.Errorf("retrying attempts %v, want [2 3]", retrying)
	}
}

// Addresses as the command line takes them.
func TestResolveAddress(t *testing.T) {
	p, err := dagrun.LoadSource("a.hcl", []byte(`
pipe "compile" {
  for_each = toset(["io", "net"])
  use      = "value"
  value    = each.key
}
pipe "release" {
  pipe "upload" {
    use   = "value"
    value = 1
  }
}
`), dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in, want, err string
	}{
		{in: "compile", want: "compile"},
		{in: "compile[io]", want: "compile[io]"},
		{in: `compile["net"]`, want: "compile[net]"},
		{in: "release.upload", want: "upload"},
		{in: "upload", want: "upload"},
		{in: "compile[osx]", err: "compile has no instance [osx]; its keys are io, net"},
		{in: "release[a]", err: "release has no for_each"},
		{in: "relase", err: "the pipeline has no pipe relase (did you mean release?)"},
		{in: "", err: "the address is empty"},
	} {
		a, err := p.ResolveAddress(tc.in)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, dagrun.ErrNoSuchPipe)):
			t.Errorf("%q: %v, want an error with %q", tc.in, err, tc.err)
		case tc.err == "" && (err != nil || a.String() != tc.want):
			t.Errorf("%q: %v, %v; want %s", tc.in, a, err, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"build", "build", 0}, {"biuld", "build", 1}, {"nope", "nop", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"ab", "ba", 1}} {
		if got := dagrun.EditDistanceForTest(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// Eval evaluates against the variables and locals, and against a run's
// results when given them; without them, what reads a pipe is unknown.
func TestEval(t *testing.T) {
	p, err := dagrun.LoadSource("e.hcl", []byte(`
variable "name" {
  default = "dagrun"
}
locals {
  shout = upper(var.name)
}
pipe "a" {
  use   = "value"
  value = { n = 2 }
}
`), dagrun.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v, diags := p.Eval("<test>", `"${local.shout}!"`, nil)
	if diags.HasErrors() || v.AsString() != "DAGRUN!" {
		t.Errorf("local: %#v, %v", v, diags)
	}
	if v, diags := p.Eval("<test>", "pipe.a.output.n", nil); diags.HasErrors() || v.IsWhollyKnown() {
		t.Errorf("a pipe without results: %#v, %v; want unknown", v, diags)
	}
	res, err := p.Run(t.Context(), dagrun.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v, diags = p.Eval("<test>", `pipe.a.output.n * 10`, res.Pipes)
	if diags.HasErrors() || !v.IsKnown() || v.AsBigFloat().String() != "20" {
		t.Errorf("with results: %#v, %v", v, diags)
	}
	_, diags = p.Eval("<test>", "pipe.b.status", res.Pipes)
	if !diags.HasErrors() || !strings.Contains(diags.Error(), `Did you mean "a"?`) {
		t.Errorf("an undeclared pipe: %v", diags)
	}
	_, diags = p.Eval("<test>", "1 +", nil)
	if !diags.HasErrors() || diags[0].Subject == nil || diags[0].Subject.Filename != "<test>" {
		t.Errorf("a syntax error: %v", diags)
	}
}
