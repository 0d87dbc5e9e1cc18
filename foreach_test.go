package dagrun_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/dagrun/dagrun"
	"github.com/dagrun/dagrun/executor"
	"github.com/dagrun/dagrun/metrics"
	"github.com/dagrun/dagrun/pipes"
)

// loadHCL loads src as a pipeline file in a fresh directory (exec pipes run
// there).
func loadHCL(t testing.TB, src string, opts dagrun.LoadOptions) *dagrun.Pipeline {
	t.Helper()
	p, err := dagrun.LoadSource(filepath.Join(t.TempDir(), "p.hcl"), []byte(src), opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t testing.TB, p *dagrun.Pipeline, opts dagrun.RunOptions) *dagrun.Result {
	t.Helper()
	res, err := p.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// summary is a pipe's outcome as the tests compare it.
type summary struct {
	Status   string
	Attempts int
	Output   string // JSON, "" for none
}

func summarize(res *dagrun.Result) map[string]summary {
	m := map[string]summary{}
	for _, r := range res.Pipes {
		s := summary{Status: r.Status.String(), Attempts: r.Attempts}
		if r.Output != cty.NilVal {
			b, err := ctyjson.SimpleJSONValue{Value: r.Output}.MarshalJSON()
			if err != nil {
				s.Output = err.Error()
			} else {
				s.Output = string(b)
			}
		}
		m[r.ID] = s
	}
	return m
}

func outputs(res *dagrun.Result) map[string]string {
	m := map[string]string{}
	for _, o := range res.Outputs {
		b, err := ctyjson.SimpleJSONValue{Value: o.Value}.MarshalJSON()
		if err != nil {
			m[o.Name] = err.Error()
			continue
		}
		m[o.Name] = string(b)
	}
	return m
}

func TestForEachStatic(t *testing.T) {
	p := loadHCL(t, `
variable "regions" {
  type    = list(string)
  default = ["eu", "us"]
}

pipe "by_map" {
  use      = "value"
  for_each = { a = 1, b = 2 }
  value    = "${each.key}=${each.value * 10}"
}

pipe "by_set" {
  use      = "value"
  for_each = toset(["x", 3])
  value    = each.value
}

pipe "by_list" {
  use      = "value"
  for_each = var.regions
  value    = "${each.key}:${each.value}"
  if       = each.value != "us"
}

# all_success would skip it: by_list[1] is skipped, and every instance is an
# upstream.
pipe "join" {
  use     = "value"
  trigger = "none_failed"
  value   = {
    map  = [for k, v in pipe.by_map : v.output]
    set  = keys(pipe.by_set)
    list = { for k, v in pipe.by_list : k => v.status }
    one  = pipe.by_map["b"].output
    zero = pipe.by_list[0].output
  }
}

output "n" {
  value = length(pipe.by_map)
}
`, dagrun.LoadOptions{})
	res := run(t, p, dagrun.RunOptions{})
	want := map[string]summary{
		"by_map":     {"succeeded", 2, ""},
		"by_map[a]":  {"succeeded", 1, `"a=10"`},
		"by_map[b]":  {"succeeded", 1, `"b=20"`},
		"by_set":     {"succeeded", 2, ""},
		"by_set[3]":  {"succeeded", 1, `"3"`},
		"by_set[x]":  {"succeeded", 1, `"x"`},
		"by_list":    {"succeeded", 1, ""},
		"by_list[0]": {"succeeded", 1, `"0:eu"`},
		"by_list[1]": {"skipped", 0, ""}, // filtered by its own if, per instance: left out of pipe.by_list
		"join":       {"succeeded", 1, `{"list":{"0":"succeeded"},"map":["a=10","b=20"],"one":"b=20","set":["3","x"],"zero":"0:eu"}`},
	}
	if diff := cmp.Diff(want, summarize(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"n": "2"}, outputs(res)); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	r, _ := res.Pipe("by_map[b]")
	if r.Pipe != "by_map" || r.Key != "b" {
		t.Errorf("by_map[b]: series %q key %q", r.Pipe, r.Key)
	}
}

func TestForEachDynamicFromValue(t *testing.T) {
	p := loadHCL(t, `
pipe "src" {
  use   = "value"
  value = { tickets = [{ id = "t1", prio = 2 }, { id = "t2", prio = 5 }] }
}

pipe "classify" {
  use      = "value"
  for_each = { for t in pipe.src.output.tickets : t.id => t }
  value    = each.value.prio > 3 ? "urgent" : "normal"
  if       = length(pipe.src.output.tickets) > 0
}

pipe "empty" {
  use      = "value"
  for_each = [for t in pipe.src.output.tickets : t if t.prio > 9]
  value    = each.value
}

pipe "after_empty" {
  use   = "value"
  value = length(pipe.empty)
}

output "classes" {
  value = { for id, r in pipe.classify : id => r.output }
}
`, dagrun.LoadOptions{})
	res := run(t, p, dagrun.RunOptions{})
	want := map[string]summary{
		"src":          {"succeeded", 1, `{"tickets":[{"id":"t1","prio":2},{"id":"t2","prio":5}]}`},
		"classify":     {"succeeded", 2, ""},
		"classify[t1]": {"succeeded", 1, `"normal"`},
		"classify[t2]": {"succeeded", 1, `"urgent"`},
		// An empty collection: no instances, the fan-out succeeds and its
		// dependents run.
		"empty":       {"succeeded", 0, ""},
		"after_empty": {"succeeded", 1, "0"},
	}
	if diff := cmp.Diff(want, summarize(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"classes": `{"t1":"normal","t2":"urgent"}`}, outputs(res)); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
}

func TestForEachDynamicFromExecJSON(t *testing.T) {
	p := loadHCL(t, `
pipe "list" {
  use    = "exec"
  script = "echo '{\"east\": {\"n\": 1}, \"west\": {\"n\": 2}}'"
}

pipe "deploy" {
  use      = "exec"
  for_each = jsondecode(pipe.list.output.stdout)
  command  = ["sh", "-c", "echo \"$1 $2\" > \"$1.txt\"; echo \"$1 $2\"", "sh", each.key, each.value.n]
}

output "deployed" {
  value = [for r in values(pipe.deploy) : trimspace(r.output.stdout)]
}
`, dagrun.LoadOptions{})
	res := run(t, p, dagrun.RunOptions{})
	got := summarize(res)
	for _, id := range []string{"list", "deploy", "deploy[east]", "deploy[west]"} {
		if got[id].Status != "succeeded" {
			t.Errorf("%s: %+v", id, got[id])
		}
	}
	if diff := cmp.Diff(map[string]string{"deployed": `["east 1","west 2"]`}, outputs(res)); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
}

// runningPeak counts attempts running at once from the events.
type runningPeak struct {
	running, peak, attempts atomic.Int64
}

func (c *runningPeak) Event(e executor.Event) {
	switch e.Type {
	case executor.EventAttemptStarted:
		c.attempts.Add(1)
		n := c.running.Add(1)
		for {
			p := c.peak.Load()
			if n <= p || c.peak.CompareAndSwap(p, n) {
				break
			}
		}
	case executor.EventAttemptFinished:
		c.running.Add(-1)
	}
}

// yieldArgs are the arguments of the test type "yield", which lets other
// goroutines run before it returns its input, so that attempts overlap.
type yieldArgs struct {
	Value int `hcl:"value"`
}

func yieldTypes(t testing.TB) *pipes.Registry {
	t.Helper()
	reg := pipes.Builtins()
	err := pipes.Register(reg, "yield", func(ctx context.Context, a *yieldArgs, _ pipes.Runtime) (cty.Value, error) {
		for range 10 {
			select {
			case <-ctx.Done():
				return cty.NilVal, ctx.Err()
			default:
			}
			runtime.Gosched()
		}
		return cty.NumberIntVal(int64(a.Value)), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func TestForEachThousandUnderParallelism(t *testing.T) {
	p := loadHCL(t, `
pipeline "wide" {
  parallelism = 4
}

pipe "n" {
  use   = "value"
  value = 1000
}

pipe "fan" {
  use      = "yield"
  for_each = range(pipe.n.output)
  value    = each.value
}

pipe "count" {
  use   = "value"
  value = length([for k, r in pipe.fan : r.output if r.output == tonumber(k)])
}
`, dagrun.LoadOptions{Types: yieldTypes(t)})
	var c runningPeak
	res := run(t, p, dagrun.RunOptions{Observer: &c})
	if res.Status != dagrun.Succeeded {
		for _, r := range res.Pipes {
			if r.Err != nil {
				t.Errorf("%s: %v", r.ID, r.Err)
				break
			}
		}
		t.Fatalf("status %v", res.Status)
	}
	if peak := c.peak.Load(); peak > 4 {
		t.Errorf("%d attempts ran at once; parallelism is 4", peak)
	} else {
		t.Logf("peak %d running", peak)
	}
	if n := c.attempts.Load(); n != 1002 {
		t.Errorf("%d attempts, want 1000 instances + n + count", n)
	}
	if count, _ := res.Pipe("count"); !count.Output.RawEquals(cty.NumberIntVal(1000)) {
		t.Errorf("count = %#v", count.Output)
	}
	if len(res.Pipes) != 1003 {
		t.Errorf("%d results", len(res.Pipes))
	}
}

func TestForEachRetriesPerInstance(t *testing.T) {
	p := loadHCL(t, `
defaults {
  retries     = 2
  retry_delay = "0s"
}

pipe "fan" {
  use      = "exec"
  for_each = toset(["ok", "flaky", "broken"])
  # flaky fails its first attempt; broken fails every attempt.
  script = each.key == "broken" ? "exit 3" : (each.key == "flaky" ? "test -f seen || { touch seen; exit 1; }" : "true")
}

pipe "strict" {
  use        = "value"
  value      = "ran"
  depends_on = [pipe.fan]
}

pipe "lenient" {
  use     = "value"
  trigger = "all_done"
  value   = { for k, v in pipe.fan : k => "${v.status}/${v.attempts}" }
}

pipe "on_failure" {
  use        = "value"
  trigger    = "one_failed"
  value      = pipe.fan["broken"].error
}
`, dagrun.LoadOptions{})
	var retried []string
	var mu sync.Mutex
	obs := executor.ObserverFunc(func(e executor.Event) {
		if e.Type == executor.EventRetrying {
			mu.Lock()
			retried = append(retried, fmt.Sprintf("%s key=%s series=%s attempt=%d", e.Node, e.Key, e.Pipe, e.Attempt))
			mu.Unlock()
		}
	})
	res := run(t, p, dagrun.RunOptions{Observer: obs})
	got := summarize(res)
	for id, s := range got {
		s.Output = ""
		got[id] = s
	}
	want := map[string]summary{
		"fan":         {"failed", 1 + 2 + 3, ""},
		"fan[ok]":     {"succeeded", 1, ""},
		"fan[flaky]":  {"succeeded", 2, ""},
		"fan[broken]": {"failed", 3, ""},
		"strict":      {"skipped", 0, ""},
		"lenient":     {"succeeded", 1, ""},
		"on_failure":  {"succeeded", 1, ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if r, _ := res.Pipe("strict"); r.Reason != executor.ReasonUpstreamFailed {
		t.Errorf("strict reason %q", r.Reason)
	}
	wantLenient := `{"broken":"failed/3","flaky":"succeeded/2","ok":"succeeded/1"}`
	if s := summarize(res)["lenient"].Output; s != wantLenient {
		t.Errorf("lenient output %s, want %s", s, wantLenient)
	}
	if r, _ := res.Pipe("on_failure"); !strings.Contains(r.Output.AsString(), "exit status 3") {
		t.Errorf("on_failure output %#v", r.Output)
	}
	mu.Lock()
	defer mu.Unlock()
	wantRetried := []string{
		"fan[broken] key=broken series=fan attempt=2",
		"fan[broken] key=broken series=fan attempt=3",
		"fan[flaky] key=flaky series=fan attempt=2",
	}
	slices.Sort(retried)
	if diff := cmp.Diff(wantRetried, retried); diff != "" {
		t.Errorf("retrying events (-want +got):\n%s", diff)
	}
}

func TestForEachComposite(t *testing.T) {
	p := loadHCL(t, `
pipe "tickets" {
  use   = "value"
  value = { a = "alpha", b = "beta", c = "skip-me" }
}

pipe "routing" {
  for_each = pipe.tickets.output
  if       = each.value != "skip-me"
  retries  = 0

  pipe "load" {
    use   = "value"
    value = upper(each.value)
  }
  pipe "store" {
    use   = "value"
    value = "${each.key}: ${pipe.load.output} (${each.value})"
  }
  pipe "checks" {
    sequential = true

    pipe "check_one" {
      use   = "value"
      value = "${pipe.store.output} ok"
    }
    pipe "check_two" {
      use   = "value"
      value = length(pipe.check_one.output)
    }
  }
}

pipe "after" {
  use     = "value"
  trigger = "none_failed" # routing[c] is skipped
  value   = {
    stored  = { for k, v in pipe.store : k => v.output }
    routed  = pipe.routing["a"].output
    status  = { for k, v in pipe.routing : k => v.status }
  }
}
`, dagrun.LoadOptions{})
	res := run(t, p, dagrun.RunOptions{})
	got := summarize(res)
	want := map[string]summary{
		"tickets":                     {"succeeded", 1, `{"a":"alpha","b":"beta","c":"skip-me"}`},
		"routing":                     {"succeeded", 8, ""},
		"routing[a]":                  {"succeeded", 4, ""},
		"routing[a].load":             {"succeeded", 1, `"ALPHA"`},
		"routing[a].store":            {"succeeded", 1, `"a: ALPHA (alpha)"`},
		"routing[a].checks":           {"succeeded", 2, ""},
		"routing[a].checks.check_one": {"succeeded", 1, `"a: ALPHA (alpha) ok"`},
		"routing[a].checks.check_two": {"succeeded", 1, "19"},
		"routing[b]":                  {"succeeded", 4, ""},
		"routing[b].load":             {"succeeded", 1, `"BETA"`},
		"routing[b].store":            {"succeeded", 1, `"b: BETA (beta)"`},
		"routing[b].checks":           {"succeeded", 2, ""},
		"routing[b].checks.check_one": {"succeeded", 1, `"b: BETA (beta) ok"`},
		"routing[b].checks.check_two": {"succeeded", 1, "17"},
		// The composite's if reads each: its instance is filtered out, with
		// its steps, and left out of pipe.routing.
		"routing[c]":                  {"skipped", 0, ""},
		"routing[c].load":             {"skipped", 0, ""},
		"routing[c].store":            {"skipped", 0, ""},
		"routing[c].checks":           {"skipped", 0, ""},
		"routing[c].checks.check_one": {"skipped", 0, ""},
		"routing[c].checks.check_two": {"skipped", 0, ""},
		"after": {"succeeded", 1, `{"routed":{"checks":{"check_one":"a: ALPHA (alpha) ok","check_two":19},"load":"ALPHA","store":"a: ALPHA (alpha)"},` +
			`"status":{"a":"succeeded","b":"succeeded"},"stored":{"a":"a: ALPHA (alpha)","b":"b: BETA (beta)"}}`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The steps' instances are their own metrics series, without the key.
	for id, series := range map[string]string{"routing[a]": "routing", "routing[a].store": "store", "routing[b].checks.check_two": "check_two"} {
		if r, _ := res.Pipe(id); r.Pipe != series {
			t.Errorf("%s: series %q, want %q", id, r.Pipe, series)
		}
	}
}

func TestForEachInvalidDynamicCollection(t *testing.T) {
	for _, tc := range []struct {
		name, value, detail string
	}{
		{"null", "null", "for_each is null"},
		{"number", "42", "got number"},
		{"string", `"a,b"`, "got string"},
		{"set of lists", `toset([["x"]])`, "must be strings or numbers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf(`
pipe "src" {
  use   = "value"
  value = %s
}

pipe "fan" {
  use      = "value"
  retries  = 3
  for_each = pipe.src.output
  value    = each.value
}

pipe "after" {
  use   = "value"
  value = length(pipe.fan)
}
`, tc.value)
			p := loadHCL(t, src, dagrun.LoadOptions{})
			res := run(t, p, dagrun.RunOptions{})
			fan, _ := res.Pipe("fan")
			if fan.Status != dagrun.Failed || fan.Attempts != 0 || fan.Err == nil {
				t.Fatalf("fan: %+v", fan)
			}
			// The error is the diagnostic, at the for_each expression.
			msg := fan.Err.Error()
			if !strings.Contains(msg, "p.hcl:10,") || !strings.Contains(msg, "Invalid for_each argument") || !strings.Contains(msg, tc.detail) {
				t.Errorf("error %q: want p.hcl:10 (the for_each line), the summary and %q", msg, tc.detail)
			}
			if after, _ := res.Pipe("after"); after.Status != dagrun.Skipped {
				t.Errorf("after: %v", after.Status)
			}
		})
	}
}

func TestForEachEventsAndMetrics(t *testing.T) {
	p := loadHCL(t, `
pipeline "fe" {}

pipe "fan" {
  use      = "value"
  for_each = ["x", "y", "z"]
  value    = each.value
}
`, dagrun.LoadOptions{})
	var mu sync.Mutex
	keys := map[string]string{} // node → key of its pipe_finished event
	obs := executor.ObserverFunc(func(e executor.Event) {
		if e.Type == executor.EventPipeFinished {
			mu.Lock()
			keys[e.Node] = e.Pipe + "/" + e.Key
			mu.Unlock()
		}
	})
	reg := prometheus.NewRegistry()
	col, err := metrics.ForPipeline(reg, p.Name(), p.WorkIDs(), "")
	if err != nil {
		t.Fatal(err)
	}
	run(t, p, dagrun.RunOptions{Observer: executor.Observers{col, obs}})
	want := map[string]string{"fan": "fan/", "fan[0]": "fan/0", "fan[1]": "fan/1", "fan[2]": "fan/2"}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("pipe_finished events (-want +got):\n%s", diff)
	}
	// The instances share the pipe's series: no series has a key.
	attempts := `
# HELP dagrun_pipe_attempts_total Pipe attempts that finished, by result (ok, error, timeout).
# TYPE dagrun_pipe_attempts_total counter
dagrun_pipe_attempts_total{pipe="fan",pipeline="fe",result="error"} 0
dagrun_pipe_attempts_total{pipe="fan",pipeline="fe",result="ok"} 3
dagrun_pipe_attempts_total{pipe="fan",pipeline="fe",result="timeout"} 0
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(attempts), "dagrun_pipe_attempts_total"); err != nil {
		t.Error(err)
	}
	// Each instance is one run of the pipe; the fan-out node itself is not another.
	runs := `
# HELP dagrun_pipe_runs_total Pipes that finished, by final status (succeeded, failed, skipped, cancelled, up_to_date). for_each instances count one each.
# TYPE dagrun_pipe_runs_total counter
dagrun_pipe_runs_total{pipe="fan",pipeline="fe",status="cancelled"} 0
dagrun_pipe_runs_total{pipe="fan",pipeline="fe",status="failed"} 0
dagrun_pipe_runs_total{pipe="fan",pipeline="fe",status="skipped"} 0
dagrun_pipe_runs_total{pipe="fan",pipeline="fe",status="succeeded"} 3
dagrun_pipe_runs_total{pipe="fan",pipeline="fe",status="up_to_date"} 0
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(runs), "dagrun_pipe_runs_total"); err != nil {
		t.Error(err)
	}
}
